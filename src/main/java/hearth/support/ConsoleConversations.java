package hearth.support;

import hearth.lists.Option;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the support team changes on a conversation from the console: assignment, priority, tags,
 * archive. Staff work across orgs, so these name the conversation alone; only staff routes use them.
 */
public interface ConsoleConversations {

    /** The support team, for the assignee select: agents and platform admins. */
    @SqlQuery("""
            select id as value, name as label from users where platform_role in ('SUPPORT_AGENT', 'PLATFORM_ADMIN')
            order by lower(name), id
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Option.class)
    List<Option> staff();

    /** The name of a member of the support team; empty for anyone else, who may not be assigned. */
    @SqlQuery("select name from users where id = :id and platform_role in ('SUPPORT_AGENT', 'PLATFORM_ADMIN')")
    java.util.Optional<String> staffName(@Bind("id") long userId);

    @SqlUpdate("update support_conversations set assignee_id = :assignee, updated_at = now() where id = :id")
    int assign(@Bind("id") long id, @Bind("assignee") Long assigneeId);

    @SqlUpdate("update support_conversations set priority = :priority, updated_at = now() where id = :id")
    int changePriority(@Bind("id") long id, @Bind("priority") String priority);

    @SqlUpdate("update support_conversations set archived_at = now(), updated_at = now() where id = :id and archived_at is null")
    int archive(@Bind("id") long id);

    @SqlUpdate("update support_conversations set archived_at = null, updated_at = now() where id = :id and archived_at is not null")
    int restore(@Bind("id") long id);

    @SqlQuery("select tag from support_tags where conversation_id = :id order by tag")
    List<String> tags(@Bind("id") long conversationId);

    @SqlUpdate("insert into support_tags (conversation_id, tag) values (:id, :tag) on conflict do nothing")
    int addTag(@Bind("id") long conversationId, @Bind("tag") String tag);

    @SqlUpdate("delete from support_tags where conversation_id = :id and tag = :tag")
    int removeTag(@Bind("id") long conversationId, @Bind("tag") String tag);

    /**
     * The first {@code limit} tags in use, alphabetically: the queue's tag filter offers these (see
     * {@link QueueOptions}). Each step of the recursion jumps to the next tag in the tag index, so this
     * reads one index entry per distinct tag, however many conversations carry them.
     */
    @SqlQuery("""
            with recursive used(tag) as (
                (select tag from support_tags order by tag limit 1)
                union all
                select (select t.tag from support_tags t where t.tag > used.tag order by t.tag limit 1)
                from used where used.tag is not null)
            select tag from used where tag is not null limit :limit
            """)
    List<String> tagOptions(@Bind("limit") int limit);

    /**
     * The orgs of the 1,000 most recently active conversations, at most {@code limit}, by name: for the
     * queue's org filter (see {@link QueueOptions}). Reading every conversation would grow with the
     * desk's history.
     */
    @SqlQuery("""
            with recent as (select org_id, last_message_at from support_conversations
                            where merged_into is null and archived_at is null
                            order by last_message_at desc, id desc limit 1000)
            select o.id as value, o.name as label from organizations o
            where o.id in (select org_id from recent group by org_id order by max(last_message_at) desc limit :limit)
            order by lower(o.name), o.id
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Option.class)
    List<Option> orgOptions(@Bind("limit") int limit);

    /** The member's other conversations (not merged away): what this one could be merged with. */
    @SqlQuery(SupportConversations.SELECT + """
             where c.user_id = :user and c.org_id = :org and c.id <> :id and c.merged_into is null
             order by c.last_message_at desc, c.id desc limit 50
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(SupportConversation.class)
    List<SupportConversation> siblings(@Bind("id") long id, @Bind("user") long userId, @Bind("org") long orgId);

    /**
     * The newest message of all: a console page toasts only for messages after it. Read on a handle
     * without attaching this SQL object, which would prepare all of its methods (the queue page
     * needs only this one).
     */
    static long newestMessageId(Handle handle) {
        return handle.createQuery("select coalesce(max(id), 0) from support_messages").mapTo(Long.class).one();
    }
}
