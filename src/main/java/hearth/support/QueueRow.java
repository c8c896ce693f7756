package hearth.support;

import hearth.lists.ByPosition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * A conversation as a row of the agents' queue: only what the row shows, read for a whole page with one
 * statement (the full {@link SupportConversation} counts what the member has not read and finds the
 * last message, for every row, and the queue shows neither).
 */
public record QueueRow(long id, String orgName, String userName, String subject, String status, String priority,
                       String assigneeName, Long mergedInto, Instant archivedAt, int messageCount, Instant lastMessageAt,
                       String lastMessagePreview, int unreadForAgents, List<String> tags) {

    private static final String SELECT = """
            select c.id, o.name, u.name, c.subject, c.status, c.priority, a.name, c.merged_into, c.archived_at,
                   c.message_count, c.last_message_at, c.last_message_preview,
            """ + SupportConversations.UNREAD_FOR_AGENTS + ", c.tags " + SupportConversations.FROM;

    public String domId() {
        return "support-conversation-" + id;
    }

    /** The conversations with these ids, by id; a deleted one is missing. */
    public static Map<Long, QueueRow> find(Handle handle, Long[] ids) {
        var rows = new HashMap<Long, QueueRow>();
        if (ids.length == 0) {
            return rows;
        }
        handle.createQuery(SELECT + " where c.id = any(:ids)")
                .bind("ids", ids)
                .map((rs, ctx) -> new QueueRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, Long.class), ByPosition.instant(rs.getTimestamp(9)),
                        rs.getInt(10), ByPosition.instant(rs.getTimestamp(11)), rs.getString(12), rs.getInt(13),
                        List.of((String[]) rs.getArray(14).getArray())))
                .forEach(row -> rows.put(row.id(), row));
        return rows;
    }

    /** The rows of {@code ids} in that order, leaving out any deleted since the ids were read. */
    public static List<QueueRow> inOrder(Handle handle, List<Long> ids) {
        var found = find(handle, ids.toArray(Long[]::new));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

}
