package hearth.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A conversation as a row of the queue: with its tags, which the row shows. */
public record QueueRow(SupportConversation conversation, List<String> tags) {
    private static final RowMapper<SupportConversation> CONVERSATION = ConstructorMapper.of(SupportConversation.class);

    /** The conversations with these ids and their tags, with one statement, by id; a deleted one is missing. */
    public static Map<Long, QueueRow> find(Handle handle, Long[] ids) {
        var rows = new HashMap<Long, QueueRow>();
        if (ids.length == 0) {
            return rows;
        }
        handle.createQuery(SupportConversations.COLUMNS
                        + ", c.tags "
                        + SupportConversations.FROM + " where c.id = any(:ids)")
                .bind("ids", ids)
                .map(new Mapper())
                .forEach(row -> rows.put(row.conversation().id(), row));
        return rows;
    }

    /** The rows of {@code ids} in that order, leaving out any deleted since the ids were read. */
    public static List<QueueRow> inOrder(Handle handle, List<Long> ids) {
        var found = find(handle, ids.toArray(Long[]::new));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The conversation's columns as the conversation mapper reads them (set up once per result), and the tags. */
    private static final class Mapper implements RowMapper<QueueRow> {
        @Override
        public RowMapper<QueueRow> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
            var conversation = CONVERSATION.specialize(rs, ctx);
            var tagsColumn = rs.findColumn("tags");
            return (row, context) -> {
                var tags = row.getArray(tagsColumn);
                try {
                    return new QueueRow(conversation.map(row, context), List.of((String[]) tags.getArray()));
                } finally {
                    free(tags);
                }
            };
        }

        @Override
        public QueueRow map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }
    }

    private static void free(java.sql.Array array) {
        try {
            array.free();
        } catch (SQLException ignored) {
            // the driver's arrays hold no resources beyond memory
        }
    }
}
