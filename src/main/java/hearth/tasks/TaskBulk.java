package hearth.tasks;

import hearth.bulk.BulkChange;
import hearth.bulk.BulkList;
import hearth.bulk.BulkRequests;
import hearth.bulk.BulkTarget;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.web.Params;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Bulk status, priority, assignee changes and deletes of tasks, for a selection or the whole filter. */
public final class TaskBulk implements BulkList {
    public static final BulkTarget TARGET = new BulkTarget("tasks", "task", "task", "tasks", Map.of(
            "status", "text", "priority", "text", "assignee_id", "bigint",
            "updated_at", "timestamptz", "deleted_at", "timestamptz"));

    private final BulkRequests requests;

    public TaskBulk(BulkRequests requests) {
        this.requests = requests;
    }

    public void apply(Context ctx) {
        requests.apply(ctx, this);
    }

    @Override
    public BulkTarget target() {
        return TARGET;
    }

    @Override
    public ListQuery query(Context ctx, String orgPath) {
        return ListQuery.from(ctx, orgPath + "/tasks", TaskSearch.FILTERS, TaskSearch.SORTS);
    }

    @Override
    public Long[] matching(Handle handle, long orgId, ListQuery query, int limit) {
        return Keyset.ids(handle, TaskSearch.FROM, "t.id", TaskSearch.where(orgId, query), limit);
    }

    @Override
    public BulkChange change(String action, Context ctx, long orgId) {
        return switch (action) {
            case "status" -> {
                var status = Params.oneOf(TaskStatus.class, ctx.formParam("to_status"));
                yield BulkChange.set("status", "status", "text", status.name(), "Status → " + status.label());
            }
            case "priority" -> {
                var priority = Params.oneOf(Priority.class, ctx.formParam("to_priority"));
                yield BulkChange.set("priority", "priority", "text", priority.name(), "Priority → " + priority.label());
            }
            case "assignee" -> requests.memberChange(orgId, ctx.formParam("to_assignee"), "assignee", "assignee_id", "Assignee");
            default -> throw new BadRequestResponse("Unknown bulk action: " + action);
        };
    }
}
