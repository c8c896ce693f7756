package hearth.web;

import gg.jte.TemplateEngine;
import hearth.auth.Flash;
import hearth.auth.SessionManager;
import hearth.support.SupportConversations;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/** Renders jte templates. A page and the fragment htmx asks for are the same template. */
public final class Views {
    private final TemplateEngine engine;
    private final SessionManager sessions;
    private final Assets assets;
    private final Jdbi jdbi;
    /** The longest rendering of each template so far (capped): the pages of one template differ in length. */
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private static final int MAX_PRESIZED = 512 * 1024;

    public Views(TemplateEngine engine, SessionManager sessions, Jdbi jdbi, Assets assets) {
        this.engine = engine;
        this.sessions = sessions;
        this.assets = assets;
        this.jdbi = jdbi;
    }

    /** Renders a page template; {@code params} are name/value pairs besides the shell every page gets. */
    public void page(Context ctx, String template, Object... params) {
        var model = new HashMap<String, Object>();
        model.put("shell", shell(ctx));
        for (int i = 0; i < params.length; i += 2) {
            model.put((String) params[i], params[i + 1]);
        }
        var html = output(template, model);
        headers(ctx);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(new ByteArrayInputStream(html.bytes(), 0, html.length()));
    }

    public String render(String template, Map<String, Object> params) {
        return output(template, params).toString();
    }

    private Utf8Output output(String template, Map<String, Object> params) {
        // Sized for the template's longest rendering, so a page is not copied each time it outgrows its
        // buffer (sizing by the last one missed whenever a short page came before a long one).
        var output = new Utf8Output(sizes.getOrDefault(template, 1024));
        engine.render(template, params, new Utf8Html(output));
        var length = output.length();
        if (length > sizes.getOrDefault(template, 0) && length <= MAX_PRESIZED) {
            sizes.merge(template, length + length / 16, Math::max);
        }
        return output;
    }

    public Shell shell(Context ctx) {
        var session = sessions.ensure(ctx);
        var user = Current.userOrNull(ctx);
        var memberships = Current.memberships(ctx);
        var flash = Flash.parse(sessions.takeFlash(ctx).orElse(null));
        var fragment = Current.isFragmentRequest(ctx);
        // The navigation's unread badge; a fragment has no navigation to show it in. A page request has it
        // from the session's query, unless the request changed it.
        var known = Current.supportUnread(ctx);
        var supportUnread = user == null || fragment ? 0 : known != null ? known
                : jdbi.withHandle(handle -> SupportConversations.unreadForUser(handle, user.id()));
        return new Shell(user, Current.membershipOrNull(ctx), memberships, session.csrfToken(), session.currentOrgId(), flash,
                fragment, ctx.path(),
                ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), assets, Current.liveSince(ctx),
                supportUnread);
    }

    private static void headers(Context ctx) {
        ctx.header("Vary", "HX-Request");
        if (Current.isBoosted(ctx) && ctx.method() == HandlerType.GET) {
            // A boosted form that was redirected lands here: show the final URL in the address bar.
            ctx.header("HX-Push-Url", ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
        }
    }
}
