package hearth.support;

import java.time.Instant;

/** A message of a support conversation; a {@code note} is internal to the support team. */
public record SupportMessage(long id, long conversationId, Long authorId, String authorName, String kind, String body,
                             Instant createdAt) {

    public boolean internal() {
        return kind.equals("note");
    }

    public boolean fromStaff() {
        return kind.equals("agent") || kind.equals("note");
    }

    public String domId() {
        return "support-message-" + id;
    }
}
