package hearth.assistant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A user's conversations: every query is scoped to the org and to the user, who alone may see them. */
@RegisterConstructorMapper(Conversation.class)
public interface Conversations {
    String SELECT = """
            select c.id, c.org_id, c.user_id, c.title, c.titled, c.model_id, c.temperature, c.created_at, c.updated_at,
                   (select left(m.content, 200) from assistant_messages m
                    where m.conversation_id = c.id order by m.id desc limit 1) as preview
            from assistant_conversations c
            """;

    @SqlQuery(SELECT + " where c.org_id = :org and c.user_id = :user and c.id = :id")
    Optional<Conversation> find(@Bind("org") long orgId, @Bind("user") long userId, @Bind("id") long id);


    @SqlQuery(SELECT + " where c.org_id = :org and c.user_id = :user order by c.updated_at desc, c.id desc limit :limit")
    List<Conversation> recent(@Bind("org") long orgId, @Bind("user") long userId, @Bind("limit") int limit);

    /** Titles containing the words, or messages with words starting so. */
    @SqlQuery(SELECT + """
             where c.org_id = :org and c.user_id = :user
               and (c.title ilike '%' || :like || '%' escape '\\'
                    or exists (select 1 from assistant_messages m
                               where m.conversation_id = c.id and m.search @@ to_tsquery('simple', :tsquery)))
             order by c.updated_at desc, c.id desc limit :limit
            """)
    List<Conversation> search(@Bind("org") long orgId, @Bind("user") long userId, @Bind("like") String like,
                              @Bind("tsquery") String tsquery, @Bind("limit") int limit);

    @SqlQuery("""
            insert into assistant_conversations (org_id, user_id, model_id) values (:org, :user, :model) returning id
            """)
    long insert(@Bind("org") long orgId, @Bind("user") long userId, @Bind("model") Long modelId);

    @SqlUpdate("""
            update assistant_conversations set title = :title, titled = true, updated_at = now()
            where org_id = :org and user_id = :user and id = :id
            """)
    int rename(@Bind("org") long orgId, @Bind("user") long userId, @Bind("id") long id, @Bind("title") String title);

    /** A title the app chose (first words, or a model's summary); never overrides one the user gave. */
    @SqlUpdate("""
            update assistant_conversations set title = :title
            where org_id = :org and id = :id and not titled
            """)
    int proposeTitle(@Bind("org") long orgId, @Bind("id") long id, @Bind("title") String title);

    @SqlUpdate("""
            update assistant_conversations set model_id = :model, temperature = :temperature, updated_at = now()
            where org_id = :org and user_id = :user and id = :id
            """)
    int touch(@Bind("org") long orgId, @Bind("user") long userId, @Bind("id") long id, @Bind("model") Long modelId,
              @Bind("temperature") BigDecimal temperature);

    @SqlUpdate("delete from assistant_conversations where org_id = :org and user_id = :user and id = :id")
    int delete(@Bind("org") long orgId, @Bind("user") long userId, @Bind("id") long id);
}
