package hearth.activity;

import org.jdbi.v3.core.Handle;

/**
 * Writes activity entries, always on the handle of the transaction whose change it describes. A plain
 * statement, not a SQL object: every change writes one, and an attach builds an invoker per method.
 */
public final class ActivityLog {
    private ActivityLog() {}

    public static void record(Handle handle, long orgId, Long actorId, String action, String entityType, Long entityId,
                              String summary) {
        handle.createUpdate("""
                        insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
                        values (:orgId, :actorId, :action, :entityType, :entityId, :summary)
                        """)
                .bind("orgId", orgId).bind("actorId", actorId).bind("action", action).bind("entityType", entityType)
                .bind("entityId", entityId).bind("summary", summary).execute();
    }
}
