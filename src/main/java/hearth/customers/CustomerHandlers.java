package hearth.customers;

import hearth.orgs.Member;
import hearth.activity.ActivityLog;
import hearth.activity.History;
import hearth.auth.SessionManager;
import hearth.bulk.BulkRequests;
import hearth.lists.ListQuery;
import hearth.projects.Projects;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import hearth.live.Broadcasts;

/** Customer list, detail, create, edit and delete. */
public final class CustomerHandlers {
    private static final int PROJECTS_SHOWN = 20;

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final BulkRequests bulk;

    public CustomerHandlers(Jdbi jdbi, Views views, SessionManager sessions, BulkRequests bulk) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.bulk = bulk;
    }

    public void list(Context ctx) {
        var org = Current.membership(ctx).org();
        var query = ListQuery.from(ctx, org.path() + "/customers", CustomerSearch.FILTERS, CustomerSearch.SORTS);
        var members = Member.of(org.id());
        var page = jdbi.withHandle(handle -> {
            var listing = CustomerSearch.search(handle, org.id(), query, List.of(members));
            return new CustomerPages.ListPage(query, listing.page(), listing.count(), listing.along().of(members));
        });
        views.page(ctx, "customers/list.jte", "page", page);
    }

    public void show(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var page = jdbi.withHandle(handle -> {
            var customer = handle.attach(Customers.class).find(org.id(), id).orElseThrow(NotFoundResponse::new);
            return new CustomerPages.DetailPage(customer,
                    handle.attach(Projects.class).ofCustomer(org.id(), id, PROJECTS_SHOWN),
                    History.of(handle, org.id(), "customer", id, null));
        });
        views.page(ctx, "customers/show.jte", "page", page);
    }

    /** The customer's history past the newest entries its page shows, for everyone who may see the customer. */
    public void history(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var before = History.before(ctx);
        var page = jdbi.withHandle(handle -> {
            var customer = handle.attach(Customers.class).find(org.id(), id).orElseThrow(NotFoundResponse::new);
            return new History.Page("customers", "Customers", id, customer.name(),
                    History.of(handle, org.id(), "customer", id, before), before == null);
        });
        views.page(ctx, "activity/record.jte", "page", page);
    }

    /** A new customer is owned by whoever creates it, unless they choose someone else. */
    public void newPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var form = Form.empty().with("status", CustomerStatus.LEAD.name()).with("source", CustomerSource.OTHER.name())
                .with("owner", String.valueOf(Current.user(ctx).id()));
        renderForm(ctx, org.id(), form, null);
    }

    public void create(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var form = CustomerInput.form(ctx);
        var id = jdbi.inTransaction(handle -> {
            var input = CustomerInput.validate(form, Member.of(handle, org.id()));
            if (input == null) {
                return null;
            }
            var customerId = handle.attach(Customers.class).insert(org.id(), input.name(), input.email(),
                    input.phone(), input.company(), input.status(), input.source(), input.ownerId(), input.notes());
            ActivityLog.record(handle, org.id(), user.id(), "created", "customer", customerId,
                    "Created “" + input.name() + "”");
            Broadcasts.customersChanged(handle, org.id(), List.of(customerId));
            return customerId;
        });
        if (id == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, null);
            return;
        }
        sessions.flash(ctx, "Customer created.");
        ctx.redirect(org.path() + "/customers/" + id, HttpStatus.SEE_OTHER);
    }

    public void editPage(Context ctx) {
        var org = Current.membership(ctx).org();
        var customer = find(org.id(), ctx);
        renderForm(ctx, org.id(), CustomerInput.formOf(customer), customer);
    }

    public void update(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var customer = find(org.id(), ctx);
        var form = CustomerInput.form(ctx);
        var saved = jdbi.inTransaction(handle -> {
            var input = CustomerInput.validate(form, Member.of(handle, org.id()));
            if (input == null) {
                return false;
            }
            var customers = handle.attach(Customers.class);
            if (customers.update(org.id(), customer.id(), input.name(), input.email(), input.phone(), input.company(),
                    input.status(), input.source(), input.ownerId(), input.notes()) == 0) {
                throw new NotFoundResponse("This customer was deleted.");
            }
            var after = customers.find(org.id(), customer.id()).orElseThrow();
            ActivityLog.record(handle, org.id(), user.id(), "updated", "customer", customer.id(),
                    input.changesFrom(customer, after.ownerName()));
            Broadcasts.customersChanged(handle, org.id(), List.of(customer.id()));
            return true;
        });
        if (!saved) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, org.id(), form, customer);
            return;
        }
        sessions.flash(ctx, "Customer saved.");
        ctx.redirect(org.path() + "/customers/" + customer.id(), HttpStatus.SEE_OTHER);
    }

    /** Deleting one customer is a bulk action of one, so it can be undone from the toast like any other. */
    public void delete(Context ctx) {
        var org = Current.membership(ctx).org();
        var customer = find(org.id(), ctx);
        bulk.deleteOne(ctx, CustomerBulk.TARGET, customer.id(), customer.name(), org.path() + "/customers");
    }

    private Customer find(long orgId, Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        return jdbi.onDemand(Customers.class).find(orgId, id).orElseThrow(NotFoundResponse::new);
    }

    private void renderForm(Context ctx, long orgId, Form form, Customer customer) {
        var members = jdbi.withHandle(handle -> Member.of(handle, orgId));
        views.page(ctx, "customers/form.jte", "page", new CustomerPages.FormPage(form, customer, members));
    }
}
