package hearth.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** A conversation as a row of the queue: with its tags, which the row shows. */
public record QueueRow(SupportConversation conversation, List<String> tags) {

    /** The tags of a page of conversations, with one query. */
    public static List<QueueRow> withTags(Handle handle, List<SupportConversation> conversations) {
        if (conversations.isEmpty()) {
            return List.of();
        }
        var tags = tagsOf(handle, conversations.stream().map(SupportConversation::id).toArray(Long[]::new));
        return conversations.stream()
                .map(conversation -> new QueueRow(conversation, tags.getOrDefault(conversation.id(), List.of())))
                .toList();
    }

    static Map<Long, List<String>> tagsOf(Handle handle, Long[] ids) {
        var tags = new HashMap<Long, List<String>>();
        handle.createQuery("select conversation_id, tag from support_tags where conversation_id = any(:ids) order by tag")
                .bind("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), id -> new java.util.ArrayList<>()).add(entry.getValue()));
        return tags;
    }
}
