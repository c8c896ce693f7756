package hearth.support;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(SupportMessage.class)
public interface SupportMessages {
    String SELECT = """
            select m.id, m.conversation_id, m.author_id, coalesce(u.name, 'Support') as author_name, m.kind, m.body, m.created_at
            from support_messages m left join users u on u.id = m.author_id
            """;

    /** The thread as the member sees it: internal notes are never loaded for them. */
    @SqlQuery(SELECT + " where m.conversation_id = :conversation and m.kind <> 'note' order by m.id")
    List<SupportMessage> forUser(@Bind("conversation") long conversationId);

    /** The whole thread, notes included: for the support team. */
    @SqlQuery(SELECT + " where m.conversation_id = :conversation order by m.id")
    List<SupportMessage> forStaff(@Bind("conversation") long conversationId);

    @SqlQuery(SELECT + " where m.id = any(:ids) order by m.id")
    List<SupportMessage> findAll(@Bind("ids") Long[] ids);

    @SqlQuery("""
            insert into support_messages (conversation_id, author_id, kind, body) values (:conversation, :author, :kind, :body)
            returning id
            """)
    long insert(@Bind("conversation") long conversationId, @Bind("author") Long authorId, @Bind("kind") String kind,
                @Bind("body") String body);
}
