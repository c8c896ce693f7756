package hearth.activity;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(ActivityEntry.class)
public interface Activities {
    String SELECT = """
            select e.id, e.actor_id, u.name as actor_name, e.action, e.entity_type, e.entity_id, e.summary, e.created_at
            from activity e left join users u on u.id = e.actor_id
            """;

    /** One record's own history older than the entry {@code before}, newest first. */
    @SqlQuery(SELECT + """
             where e.org_id = :orgId and e.entity_type = :entityType and e.entity_id = :entityId and e.id < :before
             order by e.id desc limit :limit
            """)
    List<ActivityEntry> forEntity(@Bind("orgId") long orgId, @Bind("entityType") String entityType,
                                  @Bind("entityId") long entityId, @Bind("before") long before, @Bind("limit") int limit);
}
