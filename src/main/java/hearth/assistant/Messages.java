package hearth.assistant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Messages of a conversation, scoped by org (the conversation query already checked the user). */
@RegisterConstructorMapper(Message.class)
public interface Messages {
    String SELECT = """
            select m.id, m.org_id, m.conversation_id, m.role, m.content, m.status, m.error, m.model, m.model_name,
                   m.provider, m.cached, m.created_at,
                   case when m.role = 'user' then u.name else coalesce(o.assistant_name, 'Hearth Assistant') end as speaker
            from assistant_messages m
            join assistant_conversations c on c.id = m.conversation_id
            join users u on u.id = c.user_id
            join organizations o on o.id = m.org_id
            """;

    @SqlQuery(SELECT + " where m.org_id = :org and m.conversation_id = :conversation order by m.id")
    List<Message> of(@Bind("org") long orgId, @Bind("conversation") long conversationId);

    @SqlQuery(SELECT + " where m.org_id = :org and m.conversation_id = :conversation and m.id = :id")
    Optional<Message> find(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("id") long id);


    @SqlQuery("""
            insert into assistant_messages (org_id, conversation_id, role, content)
            values (:org, :conversation, 'user', :content) returning id
            """)
    long insertQuestion(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("content") String content);

    @SqlQuery("""
            insert into assistant_messages (org_id, conversation_id, role, status, model, model_name, provider, node_id)
            values (:org, :conversation, 'assistant', 'streaming', :model, :modelName, :provider, :node) returning id
            """)
    long insertAnswer(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("model") String model,
                      @Bind("modelName") String modelName, @Bind("provider") String provider, @Bind("node") UUID node);

    /** A line from Hearth itself in the thread (a hand-off); never sent to the model. */
    @SqlQuery("""
            insert into assistant_messages (org_id, conversation_id, role, content) values (:org, :conversation, 'system', :content)
            returning id
            """)
    long insertSystem(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("content") String content);

    @SqlUpdate("""
            update assistant_messages set stop_requested = true
            where org_id = :org and conversation_id = :conversation and id = :id and status = 'streaming'
            """)
    int requestStop(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("id") long id);

    @SqlUpdate("delete from assistant_messages where org_id = :org and conversation_id = :conversation and id = :id")
    int delete(@Bind("org") long orgId, @Bind("conversation") long conversationId, @Bind("id") long id);
}
