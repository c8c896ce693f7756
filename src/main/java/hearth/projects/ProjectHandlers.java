package hearth.projects;

import hearth.activity.ActivityLog;
import hearth.activity.History;
import hearth.auth.SessionManager;
import hearth.bulk.BulkRequests;
import hearth.customers.CustomerOptions;
import hearth.lists.Filters;
import hearth.lists.ListQuery;
import hearth.orgs.Member;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import hearth.live.Broadcasts;

/** Project list, detail, create, edit and delete. */
public final class ProjectHandlers {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final BulkRequests bulk;

    public ProjectHandlers(Jdbi jdbi, Views views, SessionManager sessions, BulkRequests bulk) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.bulk = bulk;
    }

    public void list(Context ctx) {
        var org = Current.membership(ctx).org();
        var query = ListQuery.from(ctx, org.path() + "/projects", ProjectSearch.FILTERS, ProjectSearch.SORTS);
        var members = Member.of(org.id());
        var page = jdbi.withHandle(handle -> {
            var customers = CustomerOptions.filterOptions(handle, org.id(), CustomerOptions.FILTER_LIMIT,
                    Filters.ids(query, "customer"), query.value(ProjectSearch.CUSTOMER_FINDER));
            var listing = ProjectSearch.search(handle, org.id(), query, List.of(members, customers));
            return new ProjectPages.ListPage(query, listing.page(), listing.count(), listing.along().of(members),
                    listing.along().of(customers));
        });
        views.page(ctx, "projects/list.jte", "page", page);
    }

    public void show(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var page = jdbi.withHandle(handle -> {
            var projects = handle.attach(Projects.class);
            var project = projects.find(org.id(), id).orElseThrow(NotFoundResponse::new);
            return new ProjectPages.DetailPage(project,
                    projects.tasks(org.id(), id, ProjectPages.DetailPage.TASKS_SHOWN),
                    History.of(handle, org.id(), "project", id, null));
        });
        views.page(ctx, "projects/show.jte", "page", page);
    }

    /** The project's history past the newest entries its page shows, for everyone who may see the project. */
    public void history(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var before = History.before(ctx);
        var page = jdbi.withHandle(handle -> {
            var project = handle.attach(Projects.class).find(org.id(), id).orElseThrow(NotFoundResponse::new);
            return new History.Page("projects", "Projects", id, project.name(),
                    History.of(handle, org.id(), "project", id, before), before == null);
        });
        views.page(ctx, "activity/record.jte", "page", page);
    }

    /** A new project is owned by whoever creates it; from a customer's page it is that customer's. */
    public void newPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var form = Form.empty().with("status", ProjectStatus.PLANNING.name())
                .with("customer", ctx.queryParam("customer"))
                .with("owner", String.valueOf(Current.user(ctx).id()));
        renderForm(ctx, org.id(), form, null);
    }

    public void create(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var form = ProjectInput.form(ctx);
        var id = jdbi.inTransaction(handle -> {
            var input = ProjectInput.validate(form, handle, org.id(), Member.of(handle, org.id()), null);
            if (input == null) {
                return null;
            }
            var projectId = handle.attach(Projects.class).insert(org.id(), input.name(), input.description(),
                    input.customerId(), input.status(), input.startDate(), input.dueDate(), input.ownerId());
            ActivityLog.record(handle, org.id(), user.id(), "created", "project", projectId,
                    "Created “" + input.name() + "”");
            Broadcasts.projectsChanged(handle, org.id(), List.of(projectId));
            return projectId;
        });
        if (id == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, null);
            return;
        }
        sessions.flash(ctx, "Project created.");
        ctx.redirect(org.path() + "/projects/" + id, HttpStatus.SEE_OTHER);
    }

    public void editPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var project = find(org.id(), ctx);
        renderForm(ctx, org.id(), ProjectInput.formOf(project), project);
    }

    public void update(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var project = find(org.id(), ctx);
        var form = ProjectInput.form(ctx);
        var saved = jdbi.inTransaction(handle -> {
            var input = ProjectInput.validate(form, handle, org.id(), Member.of(handle, org.id()), project.customerId());
            if (input == null) {
                return false;
            }
            var projects = handle.attach(Projects.class);
            if (projects.update(org.id(), project.id(), input.name(), input.description(), input.customerId(),
                    input.status(), input.startDate(), input.dueDate(), input.ownerId()) == 0) {
                throw new NotFoundResponse("This project was deleted.");
            }
            var after = projects.find(org.id(), project.id()).orElseThrow();
            ActivityLog.record(handle, org.id(), user.id(), "updated", "project", project.id(),
                    input.changesFrom(project, after.customerName(), after.ownerName()));
            Broadcasts.projectsChanged(handle, org.id(), List.of(project.id()));
            return true;
        });
        if (!saved) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, project);
            return;
        }
        sessions.flash(ctx, "Project saved.");
        ctx.redirect(org.path() + "/projects/" + project.id(), HttpStatus.SEE_OTHER);
    }

    /** Deleting one project is a bulk action of one, so it can be undone from the toast like any other. */
    public void delete(Context ctx) {
        var org = Current.membership(ctx).org();
        var project = find(org.id(), ctx);
        bulk.deleteOne(ctx, ProjectBulk.TARGET, project.id(), project.name(), org.path() + "/projects");
    }

    private Project find(long orgId, Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        return jdbi.onDemand(Projects.class).find(orgId, id).orElseThrow(NotFoundResponse::new);
    }

    private void renderForm(Context ctx, long orgId, Form form, Project project) {
        var page = jdbi.withHandle(handle -> {
            var customers = handle.attach(CustomerOptions.class);
            return new ProjectPages.FormPage(form, project, Member.of(handle, orgId),
                    customers.options(orgId, CustomerOptions.LIMIT), customers.chosen(orgId, form.idOrNull("customer")).orElse(null));
        });
        views.page(ctx, "projects/form.jte", "page", page);
    }

}
