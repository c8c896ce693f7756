package hearth.admin;

import hearth.auth.PlatformRole;
import hearth.auth.SessionManager;
import hearth.auth.Users;
import hearth.live.Access;
import hearth.orgs.Organizations;
import hearth.orgs.Plan;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import hearth.web.Params;
import hearth.web.Views;
import org.jdbi.v3.core.Jdbi;

/** The platform console: who runs this instance (roles) and what each organization pays for (plans). */
public final class AdminHandlers {
    private static final int LIST_LIMIT = 500;

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public AdminHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    public void index(Context ctx) {
        var page = new AdminPage(jdbi.onDemand(Users.class).all(LIST_LIMIT),
                jdbi.onDemand(Organizations.class).all(LIST_LIMIT));
        views.page(ctx, "admin/index.jte", "page", page);
    }

    public void changeUserRole(Context ctx) {
        var userId = ctx.pathParamAsClass("id", Long.class).get();
        var role = Params.oneOf(PlatformRole.class, ctx.formParam("role"));
        var outcome = jdbi.inTransaction(handle -> {
            var users = handle.attach(Users.class);
            users.lockFirstAccountDecision();
            var user = users.byId(userId).orElseThrow(NotFoundResponse::new);
            if (user.isPlatformAdmin() && role != PlatformRole.PLATFORM_ADMIN && users.platformAdminCount() == 1) {
                return "Hearth needs at least one platform admin.";
            }
            users.updatePlatformRole(userId, role);
            if (user.isSupportStaff() && !role.isSupportStaff()) {
                Access.userRevoked(handle, null, userId);
            }
            return user.name() + " is now " + role.label().toLowerCase() + ".";
        });
        sessions.flash(ctx, outcome);
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }

    public void changePlan(Context ctx) {
        var orgId = ctx.pathParamAsClass("id", Long.class).get();
        var plan = Params.oneOf(Plan.class, ctx.formParam("plan"));
        var org = jdbi.onDemand(Organizations.class).changePlan(orgId, plan).orElseThrow(NotFoundResponse::new);
        sessions.flash(ctx, org.name() + " is now on the " + plan.label() + " plan.");
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }
}
