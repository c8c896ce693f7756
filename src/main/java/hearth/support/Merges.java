package hearth.support;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of merging a duplicate conversation into the one kept. Run inside one transaction (see {@link Merge}). */
public interface Merges {

    /** Both rows locked in id order, so two merges of the same pair wait for each other instead of deadlocking. */
    @SqlQuery("select id from support_conversations where id in (:a, :b) order by id for update")
    List<Long> lock(@Bind("a") long a, @Bind("b") long b);

    @SqlQuery("select count(*) from support_messages where conversation_id = :id and kind <> 'note'")
    int messages(@Bind("id") long conversationId);

    @SqlQuery("select count(*) from support_messages where conversation_id = :id and kind = 'note'")
    int notes(@Bind("id") long conversationId);

    @SqlQuery("select count(*) from support_attachments where conversation_id = :id")
    int attachments(@Bind("id") long conversationId);

    /** The duplicate's tags the kept conversation does not have yet. */
    @SqlQuery("""
            select tag from support_tags where conversation_id = :duplicate
              and tag not in (select tag from support_tags where conversation_id = :kept)
            order by tag
            """)
    List<String> newTags(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    /**
     * Messages keep their ids, and a thread is ordered by id: moved messages take their place among the
     * kept conversation's by when they were written.
     */
    @SqlUpdate("update support_messages set conversation_id = :kept where conversation_id = :duplicate")
    int moveMessages(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    @SqlUpdate("update support_attachments set conversation_id = :kept where conversation_id = :duplicate")
    int moveAttachments(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    @SqlUpdate("""
            insert into support_tags (conversation_id, tag) select :kept, tag from support_tags where conversation_id = :duplicate
            on conflict do nothing
            """)
    int copyTags(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    @SqlUpdate("delete from support_tags where conversation_id = :id")
    int dropTags(@Bind("id") long conversationId);

    /** Conversations merged into the duplicate earlier now point at the kept one, so no link leads to an empty thread. */
    @SqlUpdate("update support_conversations set merged_into = :kept where merged_into = :duplicate")
    int repoint(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    @SqlUpdate("""
            update support_conversations set merged_into = :kept, status = 'closed', closed_at = coalesce(closed_at, now()),
                   message_count = 0, last_message_preview = '', search = setweight(to_tsvector('simple', subject), 'A'),
                   updated_at = now()
            where id = :duplicate and merged_into is null
            """)
    int markMerged(@Bind("duplicate") long duplicateId, @Bind("kept") long keptId);

    /**
     * The kept conversation's counters, first response and search vector, read again from the messages
     * it now has (the vector from their first 100,000 characters, well within its 1 MB limit).
     */
    @SqlUpdate("""
            update support_conversations c set
                   message_count = (select count(*) from support_messages m where m.conversation_id = c.id and m.kind <> 'note'),
                   last_message_at = coalesce((select max(m.created_at) from support_messages m
                                               where m.conversation_id = c.id and m.kind <> 'note'), c.last_message_at),
                   last_message_preview = coalesce((select left(m.body, 200) from support_messages m
                                                    where m.conversation_id = c.id and m.kind <> 'note'
                                                    order by m.id desc limit 1), c.last_message_preview),
                   first_response_at = (select min(m.created_at) from support_messages m
                                        where m.conversation_id = c.id and m.kind = 'agent'),
                   search = setweight(to_tsvector('simple', c.subject), 'A')
                            || coalesce((select to_tsvector('simple', left(string_agg(m.body, ' ' order by m.id), 100000))
                                         from support_messages m where m.conversation_id = c.id), ''::tsvector),
                   updated_at = now()
            where c.id = :id
            """)
    int recount(@Bind("id") long conversationId);
}
