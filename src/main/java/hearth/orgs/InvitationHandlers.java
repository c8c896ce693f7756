package hearth.orgs;

import hearth.auth.SessionManager;
import hearth.mail.Mailer;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Tokens;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Invitations by email. The link is shown to the inviter to copy (and mailed when SMTP is set up);
 * only its hash is stored, and accepting needs an account with the invited address.
 */
public final class InvitationHandlers {
    /** What the invitation page needs: the invitation, its org's name, and the token for the forms. */
    public record InvitationPage(Invitation invitation, String orgName, String orgPath, String token,
                                 boolean alreadyMember) {}

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final MemberHandlers members;
    private final Mailer mailer;
    private final String baseUrl;

    public InvitationHandlers(Jdbi jdbi, Views views, SessionManager sessions, MemberHandlers members,
                              Mailer mailer, String baseUrl) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.members = members;
        this.mailer = mailer;
        this.baseUrl = baseUrl;
    }

    public void create(Context ctx) {
        var membership = Current.membership(ctx);
        var org = membership.org();
        var form = Form.from(ctx, "email", "role").requireEmail("email")
                .requireOneOf("role", "Role", List.of(OrgRole.MEMBER.name(), OrgRole.ADMIN.name()));
        var email = form.trimmed("email").toLowerCase(Locale.ROOT);
        if (form.valid() && jdbi.withHandle(handle -> Member.of(handle, org.id())).stream()
                .anyMatch(m -> m.email().equalsIgnoreCase(email))) {
            form.reject("email", email + " is already a member.");
        }
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            members.render(ctx, form, null, null, false);
            return;
        }
        var token = Tokens.random();
        jdbi.onDemand(Invitations.class).insert(org.id(), email, OrgRole.valueOf(form.value("role")),
                Tokens.sha256(token), Current.user(ctx).id(), Invitations.VALID_DAYS);
        showLink(ctx, org, email, token);
    }

    /** A fresh link for an open invitation (the old one stops working), valid for another week. */
    public void renew(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var invitations = jdbi.onDemand(Invitations.class);
        var invitation = invitations.byId(org.id(), id).orElseThrow(NotFoundResponse::new);
        var token = Tokens.random();
        if (invitations.renew(org.id(), id, Tokens.sha256(token), Invitations.VALID_DAYS) == 0) {
            throw new NotFoundResponse("That invitation was already accepted or revoked.");
        }
        showLink(ctx, org, invitation.email(), token);
    }

    public void revoke(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var invitations = jdbi.onDemand(Invitations.class);
        var invitation = invitations.byId(org.id(), id).orElseThrow(NotFoundResponse::new);
        if (invitations.revoke(org.id(), id) == 0) {
            throw new NotFoundResponse("That invitation was already accepted or revoked.");
        }
        sessions.flash(ctx, "The invitation for " + invitation.email() + " was revoked.");
        ctx.redirect(org.path() + "/members", HttpStatus.SEE_OTHER);
    }

    /** A browser that reloads after the POST lands here: back to the members page. */
    public void index(Context ctx) {
        ctx.redirect(Current.membership(ctx).org().path() + "/members", HttpStatus.SEE_OTHER);
    }

    private void showLink(Context ctx, Organization org, String email, String token) {
        var link = base(ctx) + "/invitations/" + token;
        var mailed = mailer.send(email, "You are invited to " + org.name() + " on Hearth",
                Current.user(ctx).name() + " invited you to join " + org.name() + " on Hearth.\n\n"
                        + "Accept the invitation (valid for " + Invitations.VALID_DAYS + " days):\n" + link + "\n");
        ctx.status(HttpStatus.CREATED);
        members.render(ctx, Form.empty().with("role", OrgRole.MEMBER.name()), link, email, mailed);
    }

    public void show(Context ctx) {
        var token = ctx.pathParam("token");
        var invitation = jdbi.onDemand(Invitations.class).byTokenHash(Tokens.sha256(token))
                .orElseThrow(() -> new NotFoundResponse("This invitation link is not valid. Ask for a new one."));
        var org = jdbi.onDemand(Organizations.class).byId(invitation.orgId()).orElseThrow(NotFoundResponse::new);
        var user = Current.userOrNull(ctx);
        var alreadyMember = user != null && jdbi.onDemand(Organizations.class).member(org.id(), user.id()).isPresent();
        views.page(ctx, "orgs/invitation.jte", "page",
                new InvitationPage(invitation, org.name(), org.path(), token, alreadyMember));
    }

    public void accept(Context ctx) {
        var user = Current.user(ctx);
        var token = ctx.pathParam("token");
        var result = jdbi.inTransaction(handle -> {
            var invitation = handle.attach(Invitations.class).lockByTokenHash(Tokens.sha256(token))
                    .orElseThrow(() -> new NotFoundResponse("This invitation link is not valid. Ask for a new one."));
            var orgs = handle.attach(Organizations.class);
            var org = orgs.byId(invitation.orgId()).orElseThrow(NotFoundResponse::new);
            if (!invitation.pending()) {
                return "This invitation was already " + invitation.status().name().toLowerCase(Locale.ROOT) + ".";
            }
            // An invitation names a person by email: whoever else holds the link cannot use it.
            if (!invitation.email().equalsIgnoreCase(user.email())) {
                return "This invitation is for " + invitation.email() + ". Log in with that address to accept it.";
            }
            orgs.addMember(org.id(), user.id(), invitation.role());
            handle.attach(Invitations.class).markAccepted(invitation.id(), user.id());
            return org;
        });
        if (result instanceof Organization org) {
            sessions.switchOrg(ctx, org.id());
            sessions.flash(ctx, "Welcome to " + org.name() + ".");
            ctx.redirect(org.path(), HttpStatus.SEE_OTHER);
        } else {
            sessions.flash(ctx, (String) result);
            ctx.redirect("/invitations/" + token, HttpStatus.SEE_OTHER);
        }
    }

    private String base(Context ctx) {
        return baseUrl != null ? baseUrl : ctx.scheme() + "://" + ctx.host();
    }
}
