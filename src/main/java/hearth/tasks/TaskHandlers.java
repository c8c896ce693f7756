package hearth.tasks;

import hearth.activity.ActivityLog;
import hearth.activity.History;
import hearth.auth.SessionManager;
import hearth.bulk.BulkRequests;
import hearth.lists.Filters;
import hearth.live.Broadcasts;
import hearth.lists.ListQuery;
import hearth.orgs.Member;
import hearth.projects.ProjectOptions;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import hearth.web.Params;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Task list, detail, create, edit and delete. */
public final class TaskHandlers {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final BulkRequests bulk;

    public TaskHandlers(Jdbi jdbi, Views views, SessionManager sessions, BulkRequests bulk) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.bulk = bulk;
    }

    public void list(Context ctx) {
        var org = Current.membership(ctx).org();
        var query = ListQuery.from(ctx, org.path() + "/tasks", TaskSearch.FILTERS, TaskSearch.SORTS);
        var members = Member.of(org.id());
        var page = jdbi.withHandle(handle -> {
            var projects = ProjectOptions.filterOptions(handle, org.id(), ProjectOptions.FILTER_LIMIT,
                    Filters.ids(query, "project"), query.value(TaskSearch.PROJECT_FINDER));
            var listing = TaskSearch.search(handle, org.id(), query, List.of(members, projects));
            return new TaskPages.ListPage(query, listing.page(), listing.count(), listing.along().of(members),
                    listing.along().of(projects));
        });
        views.page(ctx, "tasks/list.jte", "page", page);
    }

    public void show(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var page = jdbi.withHandle(handle -> {
            var task = Task.find(handle, org.id(), id).orElseThrow(NotFoundResponse::new);
            return new TaskPages.DetailPage(task, History.of(handle, org.id(), "task", id, null));
        });
        views.page(ctx, "tasks/show.jte", "page", page);
    }

    /** The task's history past the newest entries its page shows, for everyone who may see the task. */
    public void history(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var before = History.before(ctx);
        var page = jdbi.withHandle(handle -> {
            var task = Task.find(handle, org.id(), id).orElseThrow(NotFoundResponse::new);
            return new History.Page("tasks", "Tasks", id, task.title(), History.of(handle, org.id(), "task", id, before),
                    before == null);
        });
        views.page(ctx, "activity/record.jte", "page", page);
    }

    public void newPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var form = Form.empty().with("status", TaskStatus.TODO.name()).with("priority", Priority.MEDIUM.name())
                .with("project", ctx.queryParam("project")).with("assignee", ctx.queryParam("assignee"));
        renderForm(ctx, org.id(), form, null);
    }

    public void create(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var form = TaskInput.form(ctx);
        var id = jdbi.inTransaction(handle -> {
            var input = TaskInput.validate(form, handle, org.id(), Member.of(handle, org.id()), null);
            if (input == null) {
                return null;
            }
            var taskId = handle.attach(Tasks.class).insert(org.id(), input.projectId(), input.title(),
                    input.description(), input.status(), input.priority(), input.assigneeId(), input.dueDate(), user.id());
            ActivityLog.record(handle, org.id(), user.id(), "created", "task", taskId,
                    "Created “" + input.title() + "”");
            Broadcasts.tasksChanged(handle, org.id(), List.of(taskId));
            return taskId;
        });
        if (id == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, null);
            return;
        }
        sessions.flash(ctx, "Task created.");
        ctx.redirect(org.path() + "/tasks/" + id, HttpStatus.SEE_OTHER);
    }

    public void editPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var task = find(org.id(), ctx);
        renderForm(ctx, org.id(), TaskInput.formOf(task), task);
    }

    public void update(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var task = find(org.id(), ctx);
        var form = TaskInput.form(ctx);
        var saved = jdbi.inTransaction(handle -> {
            var members = Member.of(handle, org.id());
            var input = TaskInput.validate(form, handle, org.id(), members, task.projectId());
            if (input == null) {
                return false;
            }
            var tasks = handle.attach(Tasks.class);
            if (tasks.update(org.id(), task.id(), input.projectId(), input.title(), input.description(),
                    input.status(), input.priority(), input.assigneeId(), input.dueDate()) == 0) {
                throw new NotFoundResponse("This task was deleted.");
            }
            var after = Task.find(handle, org.id(), task.id()).orElseThrow();
            ActivityLog.record(handle, org.id(), user.id(), "updated", "task", task.id(),
                    input.changesFrom(task, after.assigneeName(), after.projectName()));
            Broadcasts.tasksChanged(handle, org.id(), List.of(task.id()), task.projectId());
            return true;
        });
        if (!saved) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, task);
            return;
        }
        sessions.flash(ctx, "Task saved.");
        ctx.redirect(org.path() + "/tasks/" + task.id(), HttpStatus.SEE_OTHER);
    }

    /** Deleting one task is a bulk action of one, so it can be undone from the toast like any other. */
    public void delete(Context ctx) {
        var org = Current.membership(ctx).org();
        var task = find(org.id(), ctx);
        bulk.deleteOne(ctx, TaskBulk.TARGET, task.id(), task.title(), org.path() + "/tasks");
    }

    /**
     * Moves a task to a status and, optionally, between two cards of that column ({@code after} is the
     * card above it, {@code before} the card below). The board's drag and drop, its keyboard "move to"
     * and the detail page's select all come here.
     */
    public void move(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var task = find(org.id(), ctx);
        var status = Params.oneOf(TaskStatus.class, ctx.formParam("status"));
        var after = optionalId(ctx.formParam("after"));
        var before = optionalId(ctx.formParam("before"));
        jdbi.useTransaction(handle -> {
            var positions = handle.attach(TaskPositions.class);
            var position = positions.between(org.id(), status, task.id(), after, before);
            handle.attach(Tasks.class).move(org.id(), task.id(), status, position);
            var summary = task.status() == status ? "Reordered in " + status.label()
                    : "Moved: " + task.status().label() + " → " + status.label();
            ActivityLog.record(handle, org.id(), user.id(), "moved", "task", task.id(), summary);
            Broadcasts.tasksChanged(handle, org.id(), List.of(task.id()));
        });
        if (Current.isFragmentRequest(ctx)) {
            ctx.status(HttpStatus.NO_CONTENT);
            return;
        }
        var back = Current.safeNext(ctx.formParam("back"));
        sessions.flash(ctx, "Moved “" + task.title() + "” to " + status.label() + ".");
        ctx.redirect(back != null ? back : org.path() + "/tasks/" + task.id(), HttpStatus.SEE_OTHER);
    }

    private static Long optionalId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("Not a task id: " + value);
        }
    }

    private Task find(long orgId, Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        return jdbi.withHandle(handle -> Task.find(handle, orgId, id)).orElseThrow(NotFoundResponse::new);
    }

    private void renderForm(Context ctx, long orgId, Form form, Task task) {
        var page = jdbi.withHandle(handle -> new TaskPages.FormPage(form, task, Member.of(handle, orgId),
                ProjectOptions.options(handle, orgId, ProjectOptions.LIMIT),
                ProjectOptions.chosen(handle, orgId, form.idOrNull("project")).orElse(null)));
        views.page(ctx, "tasks/form.jte", "page", page);
    }

}
