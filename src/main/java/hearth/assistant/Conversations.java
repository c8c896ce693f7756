package hearth.assistant;

import hearth.db.Pipeline;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A user's conversations: every query is scoped to the org and to the user, who alone may see them. Plain
 * statements on the caller's handle, as for {@link Messages}.
 */
public final class Conversations {
    private static final String SELECT = """
            select c.id, c.org_id, c.user_id, c.title, c.titled, c.model_id, c.temperature, c.created_at, c.updated_at,
                   (select left(m.content, 200) from assistant_messages m
                    where m.conversation_id = c.id order by m.id desc limit 1) as preview
            from assistant_conversations c
            """;
    /** Read by hand: a reflective mapper matched the columns to the record again for every query. */
    private static final RowMapper<Conversation> CONVERSATION = (rs, ctx) -> new Conversation(rs.getLong("id"),
            rs.getLong("org_id"), rs.getLong("user_id"), rs.getString("title"), rs.getBoolean("titled"),
            rs.getObject("model_id", Long.class), rs.getBigDecimal("temperature"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(), rs.getString("preview"));

    private Conversations() {
    }

    /** The user's own conversation of the org: bound by org, user and conversation (as {@link Messages#THREAD} is). */
    public static final Pipeline.Query<Conversation> FIND = new Pipeline.Query<>(
            SELECT + " where c.org_id = :org and c.user_id = :user and c.id = :conversation", CONVERSATION);

    public static Optional<Conversation> find(Handle handle, long orgId, long userId, long id) {
        return handle.createQuery(FIND.sql())
                .bind("org", orgId).bind("user", userId).bind("conversation", id).map(CONVERSATION).findOne();
    }

    /** The org's conversations among {@code ids} (a live event's rows). */
    public static List<Conversation> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(SELECT + " where c.org_id = :org and c.id = any(:ids)")
                .bind("org", orgId).bind("ids", ids).map(CONVERSATION).list();
    }

    public static List<Conversation> recent(Handle handle, long orgId, long userId, int limit) {
        return handle.createQuery(SELECT + " where c.org_id = :org and c.user_id = :user order by c.updated_at desc, c.id desc limit :limit")
                .bind("org", orgId).bind("user", userId).bind("limit", limit).map(CONVERSATION).list();
    }

    /** Titles containing the words, or messages with words starting so. */
    public static List<Conversation> search(Handle handle, long orgId, long userId, String like, String tsquery, int limit) {
        return handle.createQuery(SELECT + """
                         where c.org_id = :org and c.user_id = :user
                           and (c.title ilike '%' || :like || '%' escape '\\'
                                or exists (select 1 from assistant_messages m
                                           where m.conversation_id = c.id and m.search @@ to_tsquery('simple', :tsquery)))
                         order by c.updated_at desc, c.id desc limit :limit
                        """)
                .bind("org", orgId).bind("user", userId).bind("like", like).bind("tsquery", tsquery).bind("limit", limit)
                .map(CONVERSATION).list();
    }

    public static long insert(Handle handle, long orgId, long userId, Long modelId) {
        return handle.createQuery("""
                        insert into assistant_conversations (org_id, user_id, model_id) values (:org, :user, :model) returning id
                        """)
                .bind("org", orgId).bind("user", userId).bind("model", modelId).mapTo(Long.class).one();
    }

    /**
     * Locks the user's conversation until the transaction ends, so that hand-offs of it queue one behind
     * the other; false when it is not theirs (or gone).
     */
    public static boolean lock(Handle handle, long orgId, long userId, long id) {
        return handle.createQuery("select id from assistant_conversations where org_id = :org and user_id = :user and id = :id for update")
                .bind("org", orgId).bind("user", userId).bind("id", id).mapTo(Long.class).findOne().isPresent();
    }

    public static int rename(Handle handle, long orgId, long userId, long id, String title) {
        return handle.createUpdate("""
                        update assistant_conversations set title = :title, titled = true, updated_at = now()
                        where org_id = :org and user_id = :user and id = :id
                        """)
                .bind("org", orgId).bind("user", userId).bind("id", id).bind("title", title).execute();
    }

    /** A title the app chose (first words, or a model's summary); never overrides one the user gave. */
    public static int proposeTitle(Handle handle, long orgId, long id, String title) {
        return handle.createUpdate("update assistant_conversations set title = :title where org_id = :org and id = :id and not titled")
                .bind("org", orgId).bind("id", id).bind("title", title).execute();
    }

    public static int touch(Handle handle, long orgId, long userId, long id, Long modelId, BigDecimal temperature) {
        return handle.createUpdate("""
                        update assistant_conversations set model_id = :model, temperature = :temperature, updated_at = now()
                        where org_id = :org and user_id = :user and id = :id
                        """)
                .bind("org", orgId).bind("user", userId).bind("id", id).bind("model", modelId)
                .bind("temperature", temperature).execute();
    }

    public static int delete(Handle handle, long orgId, long userId, long id) {
        return handle.createUpdate("delete from assistant_conversations where org_id = :org and user_id = :user and id = :id")
                .bind("org", orgId).bind("user", userId).bind("id", id).execute();
    }
}
