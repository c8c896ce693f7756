package hearth.auth;

import hearth.web.Access;
import hearth.web.Current;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs before every matched route and enforces the {@link Access} the route was registered with.
 * This is our own security logic around pac4j: javalin-pac4j's SecurityHandler cannot stop a
 * request on Javalin 7.
 */
public final class Guard {
    private final SessionManager sessions;

    /** The memberships it checks come with the user ({@link Authentication}): no query of its own. */
    public Guard(Jdbi jdbi, SessionManager sessions) {
        this.sessions = sessions;
    }

    public void check(Context ctx) {
        var roles = ctx.routeRoles();
        if (roles.isEmpty() || roles.contains(Access.PUBLIC)) {
            return;
        }
        var user = Current.userOrNull(ctx);
        if (user == null) {
            askToLogIn(ctx);
            return;
        }
        if (roles.contains(Access.PLATFORM_ADMIN) && !user.isPlatformAdmin()) {
            throw new ForbiddenResponse("Only platform admins can open this page.");
        }
        if (roles.contains(Access.SUPPORT_STAFF) && !user.isSupportStaff()) {
            throw new ForbiddenResponse("Only the support team can open this page.");
        }
        if (roles.contains(Access.ORG_MEMBER) || roles.contains(Access.ORG_ADMIN)) {
            // The org comes from the caller's own memberships (loaded with the user, by user id), never
            // from an id in the request: a non-member gets 404 so that not even the existence of
            // another org's data leaks.
            var slug = ctx.pathParam("org");
            var membership = Current.memberships(ctx).stream()
                    .filter(m -> m.org().slug().equals(slug))
                    .findFirst()
                    .orElseThrow(NotFoundResponse::new);
            if (roles.contains(Access.ORG_ADMIN) && !membership.canManage()) {
                throw new ForbiddenResponse("Only owners and admins of " + membership.org().name() + " can do that.");
            }
            Current.setMembership(ctx, membership);
            rememberCurrentOrg(ctx, membership.org().id());
        }
    }

    private void rememberCurrentOrg(Context ctx, long orgId) {
        sessions.current(ctx)
                .filter(session -> session.currentOrgId() == null || session.currentOrgId() != orgId)
                .ifPresent(session -> sessions.switchOrg(ctx, orgId));
    }

    /**
     * Where to return after login: the page itself for a GET; for an htmx fragment the page it belongs
     * to; for a form post the page the form was on (the POST URL itself cannot be opened with a GET).
     */
    private static Optional<String> returnPath(Context ctx) {
        if (Current.isFragmentRequest(ctx) && ctx.header("HX-Current-URL") != null) {
            return Current.localPath(ctx.header("HX-Current-URL"));
        }
        if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
            return Optional.of(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
        }
        return Current.localPath(ctx.header("Referer"));
    }

    private static void askToLogIn(Context ctx) {
        var login = "/login" + returnPath(ctx).map(path -> "?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8)).orElse("");
        if (Current.isHtmx(ctx)) {
            // htmx does not follow a redirect to another page on its own; HX-Redirect makes it navigate.
            ctx.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", login);
        } else {
            ctx.redirect(login, HttpStatus.SEE_OTHER);
        }
        ctx.skipRemainingHandlers();
    }
}
