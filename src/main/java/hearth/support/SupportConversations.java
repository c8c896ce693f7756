package hearth.support;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Support conversations. A member's queries name the member (and their membership of the org, so a
 * member who left the org loses access); the support team's queries see every org.
 */
@RegisterConstructorMapper(SupportConversation.class)
public interface SupportConversations {
    /** The member's messages the support team has not read yet. */
    String UNREAD_FOR_AGENTS = """
            (select count(*) from support_messages m where m.conversation_id = c.id and m.kind = 'user'
                and m.id > c.agent_read_through)""";
    /** The conversation {@code c} with its org {@code o}, its member {@code u} and its assignee {@code a}. */
    String FROM = """
            from support_conversations c
            join organizations o on o.id = c.org_id
            join users u on u.id = c.user_id
            left join users a on a.id = c.assignee_id
            """;
    /** A conversation as {@link SupportConversation} maps it. */
    String SELECT = """
            select c.id, c.org_id, o.name as org_name, c.user_id, u.name as user_name, u.email as user_email, c.subject,
                   c.status, c.priority, c.category, c.assignee_id, a.name as assignee_name, c.merged_into, c.archived_at,
                   c.assistant_conversation_id, c.handoff_summary, c.message_count, c.last_message_at,
                   c.last_message_preview,
                   coalesce((select max(m.id) from support_messages m where m.conversation_id = c.id and m.kind <> 'note'), 0)
                       as last_message_id,
                   c.user_read_through, c.agent_read_through,
                   (select count(*) from support_messages m where m.conversation_id = c.id and m.kind in ('agent', 'system')
                       and m.id > c.user_read_through) as unread_for_user,
                   """ + UNREAD_FOR_AGENTS + """
                    as unread_for_agents,
                   c.first_response_at, c.closed_at, c.created_at
            """ + FROM;

    /** One of the member's own conversations, while they are still a member of its org. */
    @SqlQuery(SELECT + """
             where c.id = :id and c.user_id = :user
               and exists (select 1 from memberships m where m.org_id = c.org_id and m.user_id = :user)
            """)
    Optional<SupportConversation> findForUser(@Bind("user") long userId, @Bind("id") long id);

    /**
     * Where the conversation was merged into (0 when it was not), its row locked until the transaction
     * ends. A merge locks both rows first, so a member's write that checks this in its own transaction
     * never lands in a conversation a concurrent merge has just emptied (where no one would see it).
     */
    @SqlQuery("select coalesce(merged_into, 0) from support_conversations where id = :id for no key update")
    long lockMergedInto(@Bind("id") long id);

    /** Any conversation: for the support team only. */
    @SqlQuery(SELECT + " where c.id = :id")
    Optional<SupportConversation> findForStaff(@Bind("id") long id);

    @SqlQuery(SELECT + " where c.id = any(:ids)")
    List<SupportConversation> findAll(@Bind("ids") Long[] ids);

    /** The member's own among {@code ids}, while they are still a member of each one's org: for their live list. */
    @SqlQuery(SELECT + """
             where c.id = any(:ids) and c.user_id = :user and c.merged_into is null
               and exists (select 1 from memberships m where m.org_id = c.org_id and m.user_id = :user)
            """)
    List<SupportConversation> findAllForUser(@Bind("user") long userId, @Bind("ids") Long[] ids);

    /** The member's open conversations in one org, newest activity first: the card on the org's home page. */
    @SqlQuery(SELECT + """
             where c.user_id = :user and c.org_id = :org and c.merged_into is null and c.status <> 'closed'
             order by c.last_message_at desc, c.id desc limit :limit
            """)
    List<SupportConversation> openInOrg(@Bind("user") long userId, @Bind("org") long orgId, @Bind("limit") int limit);

    /** How many of the member's conversations in one org are open, and how many messages from support they have not seen. */
    @SqlQuery("""
            select count(*) filter (where c.status <> 'closed') as open,
                   coalesce(sum((select count(*) from support_messages m where m.conversation_id = c.id
                                 and m.kind in ('agent', 'system') and m.id > c.user_read_through)), 0) as unread
            from support_conversations c
            where c.user_id = :user and c.org_id = :org and c.merged_into is null
            """)
    @RegisterConstructorMapper(Summary.class)
    Summary summaryInOrg(@Bind("user") long userId, @Bind("org") long orgId);

    record Summary(int open, int unread) {}

    /** The member's conversations, newest activity first; {@code status} "open" (anything not closed), "closed" or "" for all. */
    @SqlQuery(SELECT + """
             where c.user_id = :user and c.merged_into is null
               and exists (select 1 from memberships m where m.org_id = c.org_id and m.user_id = :user)
               and (:status = '' or (:status = 'closed') = (c.status = 'closed'))
             order by c.last_message_at desc, c.id desc limit :limit
            """)
    List<SupportConversation> ofUser(@Bind("user") long userId, @Bind("status") String status, @Bind("limit") int limit);

    /**
     * How many messages from support the member has not seen yet, over all their conversations. Read on
     * a handle without attaching this SQL object: every page's navigation shows it, and an attach
     * prepares all of the object's methods (a copy of Jdbi's configuration for each). Most pages have it
     * from the session's query already ({@link #unreadSql}).
     */
    static int unreadForUser(Handle handle, long userId) {
        return handle.createQuery(unreadSql(":user")).bind("user", userId).mapTo(Integer.class).one();
    }

    /** The count of {@link #unreadForUser} as SQL, for the user {@code user} (a parameter or a column). */
    public static String unreadSql(String user) {
        return """
                select count(*) from support_messages m join support_conversations c on c.id = m.conversation_id
                where c.user_id = %1$s and c.merged_into is null and m.kind in ('agent', 'system')
                  and m.id > c.user_read_through
                  and exists (select 1 from memberships ms where ms.org_id = c.org_id and ms.user_id = %1$s)
                """.formatted(user);
    }

    @SqlQuery("""
            insert into support_conversations (org_id, user_id, subject, priority, category, assistant_conversation_id,
                                               handoff_summary, search)
            values (:org, :user, :subject, :priority, :category, :assistantConversation, :summary,
                    setweight(to_tsvector('simple', :subject), 'A'))
            returning id
            """)
    long insert(@Bind("org") long orgId, @Bind("user") long userId, @Bind("subject") String subject,
                @Bind("priority") String priority, @Bind("category") String category,
                @Bind("assistantConversation") Long assistantConversationId, @Bind("summary") String summary);

    /**
     * The conversation an earlier hand-off of this assistant conversation made, while it is still being
     * worked (not closed, not merged into another): a second hand-off leads there instead.
     */
    @SqlQuery("""
            select id from support_conversations
            where assistant_conversation_id = :assistantConversation and user_id = :user
              and status <> 'closed' and merged_into is null
            order by id desc limit 1
            """)
    Optional<Long> openHandoff(@Bind("user") long userId, @Bind("assistantConversation") long assistantConversationId);

    /**
     * A hand-off's triage written by a model after the conversation was made with the rules' one. The
     * priority and category change only while they still are the rules' (an agent may have set them).
     */
    @SqlUpdate("""
            update support_conversations set handoff_summary = :summary,
                   priority = case when priority = :rulesPriority then :priority else priority end,
                   category = case when category is not distinct from :rulesCategory then :category else category end,
                   updated_at = now()
            where id = :id
            """)
    int retriage(@Bind("id") long id, @Bind("summary") String summary, @Bind("priority") String priority,
                 @Bind("category") String category, @Bind("rulesPriority") String rulesPriority,
                 @Bind("rulesCategory") String rulesCategory);

    /**
     * After a message: counters, preview, search, and for a first reply from support the first-response
     * time. The message's words join the conversation's search vector unless that would take it past
     * PostgreSQL's limit of 1 MB per vector (its words take at most five times the text's bytes): a
     * conversation that long stays searchable by its first megabyte, and its messages are never refused.
     * ({@code search || ''} is the vector's uncompressed size: the stored one may be compressed.)
     * A member's message reopens a closed conversation and takes an archived one out of the archive:
     * the queue and its counts leave archived ones out, so otherwise no agent would see it again. The
     * team's own replies and notes leave the archive as it is.
     */
    @SqlUpdate("""
            update support_conversations set message_count = message_count + case when :kind = 'note' then 0 else 1 end,
                   last_message_at = case when :kind = 'note' then last_message_at else now() end,
                   last_message_preview = case when :kind = 'note' then last_message_preview else left(:body, 200) end,
                   search = case when pg_column_size(search || ''::tsvector) + 5 * octet_length(:body) < 1000000
                                 then search || to_tsvector('simple', :body) else search end,
                   first_response_at = case when :kind = 'agent' and first_response_at is null then now() else first_response_at end,
                   status = case when :kind = 'user' and status = 'closed' then 'open' else status end,
                   closed_at = case when :kind = 'user' and status = 'closed' then null else closed_at end,
                   archived_at = case when :kind = 'user' then null else archived_at end,
                   updated_at = now()
            where id = :id
            """)
    int messageAdded(@Bind("id") long id, @Bind("kind") String kind, @Bind("body") String body);

    /** Moves the member's receipt forward (never back); 0 when it already was there, so nothing needs telling. */
    @SqlUpdate("update support_conversations set user_read_through = :through where id = :id and user_read_through < :through")
    int userRead(@Bind("id") long id, @Bind("through") long through);

    @SqlUpdate("update support_conversations set agent_read_through = greatest(agent_read_through, :through) where id = :id")
    int agentsRead(@Bind("id") long id, @Bind("through") long through);

    @SqlUpdate("""
            update support_conversations set status = :status, updated_at = now(),
                   closed_at = case when :status = 'closed' then coalesce(closed_at, now()) else null end
            where id = :id
            """)
    int changeStatus(@Bind("id") long id, @Bind("status") String status);
}
