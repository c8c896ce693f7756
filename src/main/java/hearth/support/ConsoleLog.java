package hearth.support;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The support log: who did what to a conversation. Every change made from the console writes one. */
@RegisterConstructorMapper(ConsoleLog.Entry.class)
public interface ConsoleLog {
    record Entry(long id, Long conversationId, Long actorId, String actorName, String action, String detail,
                 Instant createdAt) {}

    @SqlUpdate("""
            insert into support_log (conversation_id, actor_id, action, detail)
            values (:conversation, :actor, :action, left(:detail, 1000))
            """)
    void record(@Bind("conversation") Long conversationId, @Bind("actor") long actorId, @Bind("action") String action,
                @Bind("detail") String detail);

    @SqlQuery("""
            select l.id, l.conversation_id, l.actor_id, coalesce(u.name, 'Someone') as actor_name, l.action, l.detail, l.created_at
            from support_log l left join users u on u.id = l.actor_id
            where l.conversation_id = :conversation order by l.id desc limit :limit
            """)
    List<Entry> of(@Bind("conversation") long conversationId, @Bind("limit") int limit);
}
