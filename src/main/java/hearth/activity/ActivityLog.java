package hearth.activity;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes activity entries. Always attached to the transaction of the change it describes. */
public interface ActivityLog {

    @SqlUpdate("""
            insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
            values (:orgId, :actorId, :action, :entityType, :entityId, :summary)
            """)
    void record(@Bind("orgId") long orgId, @Bind("actorId") Long actorId, @Bind("action") String action,
                @Bind("entityType") String entityType, @Bind("entityId") Long entityId, @Bind("summary") String summary);
}
