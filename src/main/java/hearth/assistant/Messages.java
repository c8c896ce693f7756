package hearth.assistant;

import hearth.db.Pipeline;
import hearth.orgs.Organization;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Messages of a conversation, scoped by org (the conversation query already checked the user). Plain
 * statements on the caller's handle: a question and its answer run them on every request, and attaching
 * a SQL object built an invoker for each of its methods every time.
 */
public final class Messages {
    static final String SELECT = """
            select m.id, m.org_id, m.conversation_id, m.role, m.content, m.status, m.error, m.model, m.model_name,
                   m.provider, m.cached, m.created_at,
                   case when m.role = 'user' then u.name else coalesce(o.assistant_name, '%s') end as speaker
            from assistant_messages m
            join assistant_conversations c on c.id = m.conversation_id
            join users u on u.id = c.user_id
            join organizations o on o.id = m.org_id
            """.formatted(Organization.DEFAULT_ASSISTANT_NAME);
    /** Read by hand: a reflective mapper matched the columns to the record again for every thread read. */
    private static final RowMapper<Message> MESSAGE = (rs, ctx) -> new Message(rs.getLong("id"), rs.getLong("org_id"),
            rs.getLong("conversation_id"), rs.getString("role"), rs.getString("content"), rs.getString("status"),
            rs.getString("error"), rs.getString("model"), rs.getString("model_name"), rs.getString("provider"),
            rs.getBoolean("cached"), rs.getTimestamp("created_at").toInstant(), rs.getString("speaker"));

    private Messages() {
    }

    /** The whole thread, oldest first: bound by org and conversation. */
    public static final Pipeline.Query<Message> THREAD = new Pipeline.Query<>(
            SELECT + " where m.org_id = :org and m.conversation_id = :conversation order by m.id", MESSAGE);

    public static List<Message> of(Handle handle, long orgId, long conversationId) {
        return handle.createQuery(THREAD.sql())
                .bind("org", orgId).bind("conversation", conversationId).map(MESSAGE).list();
    }

    public static Optional<Message> find(Handle handle, long orgId, long conversationId, long id) {
        return handle.createQuery(SELECT + " where m.org_id = :org and m.conversation_id = :conversation and m.id = :id")
                .bind("org", orgId).bind("conversation", conversationId).bind("id", id).map(MESSAGE).findOne();
    }

    /** The org's messages among {@code ids}, by id (a live event's rows). */
    public static List<Message> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(SELECT + " where m.org_id = :org and m.id = any(:ids) order by m.id")
                .bind("org", orgId).bind("ids", ids).map(MESSAGE).list();
    }

    public static long insertQuestion(Handle handle, long orgId, long conversationId, String content) {
        return insert(handle, orgId, conversationId, "user", content);
    }

    /**
     * An answer to be written by {@code node}, for a request admitted against the quotas at
     * {@code admittedAt}: that instant is the answer's {@code created_at}, so that if the node dies
     * while writing it, another node can give the request's counters back (see Generator's sweep).
     */
    public static long insertAnswer(Handle handle, long orgId, long conversationId, Model model, UUID node, Instant admittedAt) {
        return handle.createQuery("""
                        insert into assistant_messages (org_id, conversation_id, role, status, model, model_name, provider, node_id,
                                                        created_at)
                        values (:org, :conversation, 'assistant', 'streaming', :model, :modelName, :provider, :node, :admittedAt)
                        returning id
                        """)
                .bind("org", orgId).bind("conversation", conversationId).bind("model", model.modelId())
                .bind("modelName", model.displayName()).bind("provider", model.provider()).bind("node", node)
                .bind("admittedAt", admittedAt).mapTo(Long.class).one();
    }

    /** A line from Hearth itself in the thread (a hand-off); never sent to the model. */
    public static long insertSystem(Handle handle, long orgId, long conversationId, String content) {
        return insert(handle, orgId, conversationId, "system", content);
    }

    private static long insert(Handle handle, long orgId, long conversationId, String role, String content) {
        return handle.createQuery("""
                        insert into assistant_messages (org_id, conversation_id, role, content)
                        values (:org, :conversation, :role, :content) returning id
                        """)
                .bind("org", orgId).bind("conversation", conversationId).bind("role", role).bind("content", content)
                .mapTo(Long.class).one();
    }

    public static int requestStop(Handle handle, long orgId, long conversationId, long id) {
        return handle.createUpdate("""
                        update assistant_messages set stop_requested = true
                        where org_id = :org and conversation_id = :conversation and id = :id and status = 'streaming'
                        """)
                .bind("org", orgId).bind("conversation", conversationId).bind("id", id).execute();
    }

    public static int delete(Handle handle, long orgId, long conversationId, long id) {
        return handle.createUpdate("delete from assistant_messages where org_id = :org and conversation_id = :conversation and id = :id")
                .bind("org", orgId).bind("conversation", conversationId).bind("id", id).execute();
    }
}
