package hearth.projects;

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

/** Bulk status and owner changes and deletes of projects, for a selection or the whole filter. */
public final class ProjectBulk implements BulkList {
    public static final BulkTarget TARGET = new BulkTarget("projects", "project", "project", "projects", Map.of(
            "status", "text", "owner_id", "bigint", "updated_at", "timestamptz", "deleted_at", "timestamptz"));

    private final BulkRequests requests;

    public ProjectBulk(BulkRequests requests) {
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
        return ListQuery.from(ctx, orgPath + "/projects", ProjectSearch.FILTERS, ProjectSearch.SORTS);
    }

    @Override
    public Long[] matching(Handle handle, long orgId, ListQuery query, int limit) {
        return Keyset.ids(handle, ProjectSearch.FROM, "p.id", ProjectSearch.where(orgId, query), limit);
    }

    @Override
    public BulkChange change(String action, Context ctx, long orgId) {
        return switch (action) {
            case "status" -> {
                var status = Params.oneOf(ProjectStatus.class, ctx.formParam("to_status"));
                yield BulkChange.set("status", "status", "text", status.name(), "Status → " + status.label());
            }
            case "owner" -> requests.memberChange(orgId, ctx.formParam("to_owner"), "owner", "owner_id", "Owner");
            default -> throw new BadRequestResponse("Unknown bulk action: " + action);
        };
    }
}
