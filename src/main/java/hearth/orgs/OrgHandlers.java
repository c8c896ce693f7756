package hearth.orgs;

import hearth.auth.SessionManager;
import hearth.support.SupportConversations;
import hearth.support.SupportPages;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.jdbi.v3.core.Jdbi;

/** Creating, listing, opening and renaming organizations. */
public final class OrgHandlers {
    private static final int MAX_SLUG_TRIES = 50;
    private static final int SUPPORT_CARD_ROWS = 5;

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public OrgHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    /** The front door: the org you were last in, else your first, else a prompt to create one. */
    public void home(Context ctx) {
        var user = Current.userOrNull(ctx);
        if (user == null) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        var memberships = jdbi.onDemand(Organizations.class).membershipsOf(user.id());
        var lastOrg = sessions.current(ctx).map(session -> session.currentOrgId()).orElse(null);
        var target = memberships.stream().filter(m -> lastOrg != null && m.org().id() == lastOrg).findFirst()
                .or(() -> memberships.stream().findFirst());
        ctx.redirect(target.map(m -> m.org().path()).orElse("/orgs/new"), HttpStatus.SEE_OTHER);
    }

    public void list(Context ctx) {
        views.page(ctx, "orgs/list.jte");
    }

    public void newPage(Context ctx) {
        views.page(ctx, "orgs/new.jte", "form", Form.empty());
    }

    public void create(Context ctx) {
        var user = Current.user(ctx);
        var form = Form.from(ctx, "name").requireText("name", "Name", 80);
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            views.page(ctx, "orgs/new.jte", "form", form);
            return;
        }
        var name = form.trimmed("name");
        var org = jdbi.inTransaction(handle -> {
            var orgs = handle.attach(Organizations.class);
            var base = Slugs.of(name);
            for (int n = 1; n <= MAX_SLUG_TRIES; n++) {
                var created = orgs.insert(name, Slugs.numbered(base, n));
                if (created.isPresent()) {
                    orgs.addMember(created.get().id(), user.id(), OrgRole.OWNER);
                    return created.get();
                }
            }
            throw new IllegalStateException("No free slug for " + base);
        });
        sessions.switchOrg(ctx, org.id());
        sessions.flash(ctx, org.name() + " is ready. Invite your team from Members.");
        ctx.redirect(org.path(), HttpStatus.SEE_OTHER);
    }

    public void show(Context ctx) {
        var membership = Current.membership(ctx);
        var members = jdbi.withHandle(handle -> Member.of(handle, membership.org().id()));
        views.page(ctx, "orgs/show.jte", "members", members, "support", supportCard(Current.user(ctx).id(), membership.org().id()));
    }

    /** The member's own support conversations about this org (nobody else's: the card shows only the viewer's). */
    private SupportPages.Card supportCard(long userId, long orgId) {
        return jdbi.withHandle(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            return new SupportPages.Card(conversations.openInOrg(userId, orgId, SUPPORT_CARD_ROWS),
                    conversations.summaryInOrg(userId, orgId));
        });
    }

    public void settingsPage(Context ctx) {
        var org = Current.membership(ctx).org();
        views.page(ctx, "orgs/settings.jte", "form", Form.empty().with("name", org.name()), "assistantForm", assistantForm(org));
    }

    private static Form assistantForm(Organization org) {
        return Form.empty().with("assistant_name", org.assistantName() == null ? "" : org.assistantName())
                .with("fallback", org.assistantFallback() ? "on" : "");
    }

    /**
     * The assistant's name, as the org's members see it in their conversations (blank for the default),
     * and whether a model that keeps failing before it answers may be stood in for by another of its class.
     */
    public void assistantSettings(Context ctx) {
        var org = Current.membership(ctx).org();
        var form = Form.from(ctx, "assistant_name", "fallback");
        if (form.trimmed("assistant_name").length() > 60) {
            form.reject("assistant_name", "The assistant's name must be at most 60 characters.");
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            views.page(ctx, "orgs/settings.jte", "form", Form.empty().with("name", org.name()), "assistantForm", form);
            return;
        }
        var name = form.trimmed("assistant_name");
        var fallback = !form.value("fallback").isEmpty();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update organizations set assistant_name = :name, assistant_fallback = :fallback, updated_at = now() where id = :id
                        """)
                .bind("name", name.isEmpty() ? null : name).bind("fallback", fallback).bind("id", org.id()).execute());
        sessions.flash(ctx, (name.isEmpty() ? "The assistant has its default name." : "The assistant is called " + name + ".")
                + (fallback ? " Another model of the same class may answer when the chosen one fails."
                            : " Only the chosen model answers."));
        ctx.redirect(org.path() + "/settings", HttpStatus.SEE_OTHER);
    }

    public void rename(Context ctx) {
        var org = Current.membership(ctx).org();
        var form = Form.from(ctx, "name").requireText("name", "Name", 80);
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            views.page(ctx, "orgs/settings.jte", "form", form, "assistantForm", assistantForm(org));
            return;
        }
        // The slug stays as it was, so links people already shared keep working.
        jdbi.onDemand(Organizations.class).rename(org.id(), form.trimmed("name"));
        sessions.flash(ctx, "Renamed to " + form.trimmed("name") + ".");
        ctx.redirect(org.path() + "/settings", HttpStatus.SEE_OTHER);
    }
}
