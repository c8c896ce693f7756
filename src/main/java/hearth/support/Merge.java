package hearth.support;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Merging a duplicate conversation into the one kept: what would move (the preview) and the move
 * itself, all in the caller's transaction.
 */
public record Merge(SupportConversation duplicate, SupportConversation kept, int messages, int notes, int attachments,
                    List<String> newTags, String refusal) {

    public boolean allowed() {
        return refusal == null;
    }

    public static Merge preview(Handle handle, SupportConversation duplicate, SupportConversation kept) {
        var merges = handle.attach(Merges.class);
        return new Merge(duplicate, kept, merges.messages(duplicate.id()), merges.notes(duplicate.id()),
                merges.attachments(duplicate.id()), merges.newTags(duplicate.id(), kept.id()), refusal(duplicate, kept));
    }

    /**
     * Only one member's conversations in one org are merged. Moving another member's messages into a
     * thread would show them to the wrong person, and the member sees a conversation only while in its org.
     */
    private static String refusal(SupportConversation duplicate, SupportConversation kept) {
        if (duplicate.id() == kept.id()) {
            return "A conversation cannot be merged into itself.";
        }
        if (duplicate.mergedInto() != null) {
            return "#" + duplicate.id() + " was already merged into #" + duplicate.mergedInto() + ".";
        }
        if (kept.mergedInto() != null) {
            return "#" + kept.id() + " was merged into #" + kept.mergedInto() + ": merge into that one instead.";
        }
        if (duplicate.userId() != kept.userId() || duplicate.orgId() != kept.orgId()) {
            return "Only conversations of the same member in the same organization can be merged.";
        }
        return null;
    }

    /**
     * Moves messages, notes, attachments and tags from the duplicate to the kept conversation, marks the
     * duplicate merged (closed, pointing to the kept one) and leaves a system message in the kept thread.
     * Returns the id of that message; the caller logs and broadcasts.
     */
    public long apply(Handle handle) {
        if (!allowed()) {
            throw new IllegalStateException(refusal);
        }
        var merges = handle.attach(Merges.class);
        merges.moveMessages(duplicate.id(), kept.id());
        merges.moveAttachments(duplicate.id(), kept.id());
        merges.copyTags(duplicate.id(), kept.id());
        merges.dropTags(duplicate.id());
        merges.repoint(duplicate.id(), kept.id());
        merges.markMerged(duplicate.id(), kept.id());
        var note = handle.attach(SupportMessages.class).insert(kept.id(), null, "system",
                "“" + duplicate.subject() + "” (#" + duplicate.id() + ") was merged into this conversation.");
        merges.recount(kept.id());
        return note;
    }

    public String summary() {
        return "Merged #" + duplicate.id() + " into #" + kept.id() + ": " + messages + " messages, " + notes + " notes, "
                + attachments + " attachments" + (newTags.isEmpty() ? "" : ", tags " + String.join(", ", newTags));
    }
}
