package hearth.support;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Attachments of support messages, stored in PostgreSQL. The bytes are loaded only to be sent. */
@RegisterConstructorMapper(SupportAttachment.class)
public interface SupportAttachments extends SqlObject {
    String SELECT = """
            select a.id, a.conversation_id, a.message_id, a.filename, a.content_type, a.size, a.created_at
            from support_attachments a
            """;

    @SqlQuery("""
            insert into support_attachments (conversation_id, message_id, org_id, filename, content_type, size, data)
            values (:conversation, :message, :org, :filename, :contentType, :size, :data)
            returning id
            """)
    long insert(@Bind("conversation") long conversationId, @Bind("message") long messageId, @Bind("org") long orgId,
                @Bind("filename") String filename, @Bind("contentType") String contentType, @Bind("size") int size,
                @Bind("data") byte[] data);

    @SqlQuery(SELECT + " where a.message_id = any(:messages) order by a.id")
    List<SupportAttachment> ofMessages(@Bind("messages") Long[] messageIds);

    /**
     * One attachment as the conversation's member may see it: never one of an internal note, whose
     * files are the support team's as much as its text is.
     */
    @SqlQuery(SELECT + """
             join support_messages m on m.id = a.message_id
             where a.id = :id and a.conversation_id = :conversation and m.kind <> 'note'
            """)
    Optional<SupportAttachment> findForUser(@Bind("conversation") long conversationId, @Bind("id") long id);

    /** Any attachment of the conversation, notes' included: for the support team. */
    @SqlQuery(SELECT + " where a.id = :id and a.conversation_id = :conversation")
    Optional<SupportAttachment> findForStaff(@Bind("conversation") long conversationId, @Bind("id") long id);

    /** The file's bytes (at most 10 MB), read only to be sent. */
    default byte[] data(long id) {
        return getHandle().createQuery("select data from support_attachments where id = :id")
                .bind("id", id).map((rs, ctx) -> rs.getBytes(1)).one();
    }
}
