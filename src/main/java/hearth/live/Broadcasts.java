package hearth.live;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The named broadcasts of the workspace, called by a handler in the transaction of its change, after
 * the write. Each names the rows that changed; the node renders them when it delivers the event.
 */
public final class Broadcasts {
    private Broadcasts() {}

    private static final String TASKS_CHANGED = Outbox.inserting("""
            select cast(:tasks as text), 'task.changed', cast(:payload as jsonb), 1
            union all
            select cast(:projects as text), 'project.changed', jsonb_build_object('ids', jsonb_agg(p.id)), 2
            from (select project_id from tasks where org_id = :org and id = any(:ids) and project_id is not null
                  union
                  select unnest(cast(:former as bigint[]))) as p(id)
            having count(*) > 0
            """);

    /**
     * Tasks were created, edited, moved, deleted or restored. Their projects' progress changed too,
     * so those projects are announced as well ({@code formerProjects}: where edited tasks used to be).
     * Both events, and the lookup of the projects, are one statement: this is on every task edit's path.
     */
    public static void tasksChanged(Handle handle, long orgId, Collection<Long> taskIds, Long... formerProjects) {
        if (taskIds.isEmpty()) {
            return;
        }
        handle.createQuery(TASKS_CHANGED)
                .bind("org", orgId)
                .bind("tasks", Topics.tasks(orgId))
                .bind("payload", Outbox.ids(taskIds))
                .bind("projects", Topics.projects(orgId))
                .bind("ids", taskIds.toArray(Long[]::new))
                .bind("former", Arrays.stream(formerProjects).filter(Objects::nonNull).toArray(Long[]::new))
                .mapTo(String.class).list();
    }

    public static void customersChanged(Handle handle, long orgId, Collection<Long> customerIds) {
        if (!customerIds.isEmpty()) {
            Outbox.publish(handle, orgId, Topics.customers(orgId), "customer.changed", Outbox.ids(customerIds));
        }
    }

    public static void projectsChanged(Handle handle, long orgId, Collection<Long> projectIds) {
        if (!projectIds.isEmpty()) {
            Outbox.publish(handle, orgId, Topics.projects(orgId), "project.changed", Outbox.ids(projectIds));
        }
    }

    /** A bulk change or its undo, for whichever kind of record it touched. */
    public static void rowsChanged(Handle handle, long orgId, String entityType, Collection<Long> ids) {
        switch (entityType) {
            case "task" -> tasksChanged(handle, orgId, ids);
            case "customer" -> customersChanged(handle, orgId, ids);
            case "project" -> projectsChanged(handle, orgId, ids);
            default -> throw new IllegalArgumentException("No broadcast for " + entityType);
        }
    }
}
