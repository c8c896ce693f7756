package hearth.tasks;

import hearth.auth.SessionManager;
import hearth.bulk.BulkActions;
import hearth.bulk.BulkChange;
import hearth.bulk.BulkRefused;
import hearth.bulk.BulkTarget;
import hearth.lists.ListQuery;
import hearth.orgs.Organizations;
import hearth.web.Current;
import hearth.web.Params;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Bulk status, priority, assignee changes and deletes of tasks, for a selection or the whole filter. */
public final class TaskBulk {
    public static final BulkTarget TARGET = new BulkTarget("tasks", "task", "task", "tasks", Map.of(
            "status", "text", "priority", "text", "assignee_id", "bigint",
            "updated_at", "timestamptz", "deleted_at", "timestamptz"));

    /** The confirmation page of a bulk delete. */
    public record ConfirmPage(String action, int count, boolean all, List<Long> ids, String back,
                              String postPath) {}

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final BulkActions bulk;

    public TaskBulk(Jdbi jdbi, Views views, SessionManager sessions, BulkActions bulk) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.bulk = bulk;
    }

    public static BulkChange delete() {
        return new BulkChange("delete", "deleted_at = now()", null, "Deleted");
    }

    public void apply(Context ctx) {
        var membership = Current.membership(ctx);
        var org = membership.org();
        var user = Current.user(ctx);
        var query = ListQuery.from(ctx, org.path() + "/tasks", TaskSearch.FILTERS, TaskSearch.SORTS);
        var back = Current.safeNext(ctx.formParam("back"));
        if (back == null) {
            back = query.url();
        }
        var all = "matching".equals(ctx.formParam("scope"));
        var change = change(ctx, org.id());
        try {
            if (all) {
                var where = TaskSearch.where(org.id(), query);
                var ids = jdbi.withHandle(handle -> where.bindTo(handle.createQuery("select t.id " + TaskSearch.FROM
                                + " where " + where.sql() + " order by t.id limit " + (BulkActions.MAX_MATCHING + 1)))
                        .mapTo(Long.class).list()).toArray(Long[]::new);
                if (change.deletes() && !"yes".equals(ctx.formParam("confirmed"))) {
                    confirm(ctx, ids.length, true, List.of(), back, query);
                    return;
                }
                var action = bulk.startMatching(org.id(), user.id(), TARGET, change, ids);
                ctx.redirect(action.path(org.path()) + "?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8),
                        HttpStatus.SEE_OTHER);
                return;
            }
            var ids = ctx.formParams("ids").stream().map(TaskBulk::parseId).toArray(Long[]::new);
            if (change.deletes() && !"yes".equals(ctx.formParam("confirmed"))) {
                if (ids.length > BulkActions.MAX_SELECTED) {
                    throw BulkRefused.tooMany(TARGET);
                }
                confirm(ctx, ids.length, false, List.of(ids), back, query);
                return;
            }
            var action = bulk.applyNow(org.id(), user.id(), TARGET, change, ids);
            sessions.flash(ctx, action.summary() + ".", action.undoPath(org.path()));
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        } catch (BulkRefused refused) {
            // Nothing was changed: say why, and offer the way back to the unchanged list.
            ctx.status(refused.tooMany() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.CONFLICT);
            views.page(ctx, "bulk/refused.jte", "message", refused.getMessage(), "back", back);
        }
    }

    private void confirm(Context ctx, int count, boolean all, List<Long> ids, String back, ListQuery query) {
        var post = Current.membership(ctx).org().path() + "/tasks/bulk" + query.filterQueryString();
        views.page(ctx, "bulk/confirm.jte", "page", new ConfirmPage("delete", count, all, ids, back, post));
    }

    private BulkChange change(Context ctx, long orgId) {
        var action = ctx.formParam("action");
        if (action == null) {
            throw new BadRequestResponse("Choose what to change.");
        }
        return switch (action) {
            case "status" -> {
                var status = Params.oneOf(TaskStatus.class, ctx.formParam("to_status"));
                yield new BulkChange("status", "status = cast(:value as text)", status.name(), "Status → " + status.label());
            }
            case "priority" -> {
                var priority = Params.oneOf(Priority.class, ctx.formParam("to_priority"));
                yield new BulkChange("priority", "priority = cast(:value as text)", priority.name(), "Priority → " + priority.label());
            }
            case "assignee" -> {
                var value = ctx.formParam("to_assignee");
                if (value == null || value.isEmpty() || value.equals("none")) {
                    yield new BulkChange("assignee", "assignee_id = cast(:value as bigint)", null, "Assignee → nobody");
                }
                var assigneeId = parseId(value);
                var member = jdbi.onDemand(Organizations.class).member(orgId, assigneeId)
                        .orElseThrow(() -> new BadRequestResponse("Choose a member of this organization."));
                yield new BulkChange("assignee", "assignee_id = cast(:value as bigint)", String.valueOf(assigneeId),
                        "Assignee → " + member.name());
            }
            case "delete" -> delete();
            default -> throw new BadRequestResponse("Unknown bulk action: " + action);
        };
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("Not a task id: " + value);
        }
    }
}
