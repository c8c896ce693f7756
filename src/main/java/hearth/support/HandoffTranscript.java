package hearth.support;

import hearth.orgs.Organization;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The copy of the assistant conversation a hand-off carried, kept with the support conversation: the
 * member may delete the assistant conversation afterwards, and the support team still sees what was
 * handed over. Only the console reads it (the member has the original, or chose to delete it).
 */
public final class HandoffTranscript {
    private HandoffTranscript() {}

    /** One message of the copy; {@code speaker} is the member's or the assistant's name as it was then. */
    public record Line(String role, String speaker, String content, Instant createdAt) {}

    /**
     * Copies the assistant conversation, in the hand-off's transaction, as it is at that moment. The
     * copy is taken only of the member's own conversation in the same org, so a support conversation
     * never carries anyone else's words.
     */
    public static void copy(Handle handle, long supportConversationId, long orgId, long userId, long assistantConversationId) {
        handle.createUpdate("""
                        insert into support_handoff_messages (conversation_id, role, speaker, content, created_at)
                        select :support, m.role,
                               case when m.role = 'user' then u.name else coalesce(o.assistant_name, :defaultName) end,
                               m.content, m.created_at
                        from assistant_conversations c
                        join assistant_messages m on m.conversation_id = c.id and m.org_id = c.org_id
                        join users u on u.id = c.user_id
                        join organizations o on o.id = c.org_id
                        where c.id = :assistant and c.org_id = :org and c.user_id = :user and m.role <> 'system'
                        order by m.id
                        """)
                .bind("support", supportConversationId).bind("assistant", assistantConversationId).bind("org", orgId)
                .bind("user", userId).bind("defaultName", Organization.DEFAULT_ASSISTANT_NAME).execute();
    }

    /** The copy a support conversation carries, oldest first: for the support team only. */
    public static List<Line> of(Handle handle, long supportConversationId) {
        return handle.createQuery("""
                        select role, speaker, content, created_at from support_handoff_messages
                        where conversation_id = :id order by id
                        """)
                .bind("id", supportConversationId)
                .map((rs, ctx) -> new Line(rs.getString("role"), rs.getString("speaker"), rs.getString("content"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
