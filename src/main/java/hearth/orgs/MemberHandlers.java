package hearth.orgs;

import hearth.auth.SessionManager;
import hearth.live.Access;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Params;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.jdbi.v3.core.Jdbi;

/** The members of an organization: listing, role changes, removal and leaving. */
public final class MemberHandlers {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public MemberHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    public void list(Context ctx) {
        render(ctx, Form.empty().with("role", OrgRole.MEMBER.name()), null, null, false);
    }

    void render(Context ctx, Form inviteForm, String newLink, String newLinkEmail, boolean mailed) {
        var org = Current.membership(ctx).org();
        var page = new MembersPage(
                jdbi.withHandle(handle -> Member.of(handle, org.id())),
                jdbi.onDemand(Invitations.class).open(org.id()),
                inviteForm, newLink, newLinkEmail, mailed);
        views.page(ctx, "orgs/members.jte", "page", page);
    }

    public void changeRole(Context ctx) {
        var membership = Current.membership(ctx);
        var org = membership.org();
        var userId = ctx.pathParamAsClass("userId", Long.class).get();
        var role = Params.oneOf(OrgRole.class, ctx.formParam("role"));
        var outcome = jdbi.inTransaction(handle -> {
            var orgs = handle.attach(Organizations.class);
            var owners = orgs.ownerCount(org.id());
            var target = orgs.member(org.id(), userId).orElseThrow(NotFoundResponse::new);
            if ((target.role() == OrgRole.OWNER || role == OrgRole.OWNER) && membership.role() != OrgRole.OWNER) {
                throw new ForbiddenResponse("Only owners can make or unmake owners.");
            }
            if (target.role() == OrgRole.OWNER && role != OrgRole.OWNER && owners == 1) {
                return "Every organization needs an owner: make someone else owner first.";
            }
            orgs.changeRole(org.id(), userId, role);
            return target.name() + " is now " + role.label().toLowerCase() + ".";
        });
        sessions.flash(ctx, outcome);
        ctx.redirect(org.path() + "/members", HttpStatus.SEE_OTHER);
    }

    /** Removes a member; a member removing themselves is leaving. */
    public void remove(Context ctx) {
        var membership = Current.membership(ctx);
        var me = Current.user(ctx);
        var org = membership.org();
        var userId = ctx.pathParamAsClass("userId", Long.class).get();
        var leaving = userId == me.id();
        if (!leaving && !membership.canManage()) {
            throw new ForbiddenResponse("Only owners and admins can remove members.");
        }
        var outcome = jdbi.inTransaction(handle -> {
            var orgs = handle.attach(Organizations.class);
            var owners = orgs.ownerCount(org.id());
            var target = orgs.member(org.id(), userId).orElseThrow(NotFoundResponse::new);
            if (target.role() == OrgRole.OWNER && membership.role() != OrgRole.OWNER) {
                throw new ForbiddenResponse("Only owners can remove an owner.");
            }
            if (target.role() == OrgRole.OWNER && owners == 1) {
                return null;
            }
            orgs.removeMember(org.id(), userId);
            Access.userRevoked(handle, org.id(), userId);
            return target;
        });
        if (outcome == null) {
            sessions.flash(ctx, leaving
                    ? "You are the last owner: make someone else owner before you leave."
                    : "Every organization needs an owner: make someone else owner first.");
            ctx.redirect(org.path() + "/members", HttpStatus.SEE_OTHER);
        } else if (leaving) {
            sessions.flash(ctx, "You left " + org.name() + ".");
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } else {
            sessions.flash(ctx, outcome.name() + " was removed from " + org.name() + ".");
            ctx.redirect(org.path() + "/members", HttpStatus.SEE_OTHER);
        }
    }
}
