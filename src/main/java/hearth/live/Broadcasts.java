package hearth.live;

import java.util.ArrayList;
import java.util.Collection;
import org.jdbi.v3.core.Handle;

/**
 * The named broadcasts of the workspace, called by a handler in the transaction of its change, after
 * the write. Each names the rows that changed; the node renders them when it delivers the event.
 */
public final class Broadcasts {
    private Broadcasts() {}

    /**
     * Tasks were created, edited, moved, deleted or restored. Their projects' progress changed too,
     * so those projects are announced as well ({@code formerProjects}: where edited tasks used to be).
     */
    public static void tasksChanged(Handle handle, long orgId, Collection<Long> taskIds, Long... formerProjects) {
        if (taskIds.isEmpty()) {
            return;
        }
        Outbox.publish(handle, orgId, Topics.tasks(orgId), "task.changed", Outbox.ids(taskIds));
        var projects = new ArrayList<>(handle.createQuery("""
                        select distinct project_id from tasks
                        where org_id = :org and id = any(:ids) and project_id is not null
                        """)
                .bind("org", orgId).bind("ids", taskIds.toArray(Long[]::new)).mapTo(Long.class).list());
        for (var former : formerProjects) {
            if (former != null && !projects.contains(former)) {
                projects.add(former);
            }
        }
        projectsChanged(handle, orgId, projects);
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
