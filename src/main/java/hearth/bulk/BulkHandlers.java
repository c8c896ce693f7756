package hearth.bulk;

import hearth.auth.SessionManager;
import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Map;

/** The progress of a bulk action, and its undo. */
public final class BulkHandlers {
    /** The progress page: the action, where to go back to, and whether to keep polling. */
    public record ProgressPage(BulkAction action, String back, String orgPath) {}

    private final BulkActions bulk;
    private final Views views;
    private final SessionManager sessions;
    private final Map<String, BulkTarget> targets;

    public BulkHandlers(BulkActions bulk, Views views, SessionManager sessions, Map<String, BulkTarget> targets) {
        this.bulk = bulk;
        this.views = views;
        this.sessions = sessions;
        this.targets = targets;
    }

    public void progress(Context ctx) {
        var org = Current.membership(ctx).org();
        var action = bulk.find(org.id(), ctx.pathParamAsClass("id", Long.class).get()).orElseThrow(NotFoundResponse::new);
        var back = Current.safeNext(ctx.queryParam("back"));
        views.page(ctx, "bulk/progress.jte", "page",
                new ProgressPage(action, back == null ? org.path() + "/" + action.entityType() + "s" : back, org.path()));
    }

    public void undo(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var action = bulk.find(org.id(), id).orElseThrow(NotFoundResponse::new);
        var back = Current.safeNext(ctx.formParam("back"));
        if (back == null) {
            back = Current.localPath(ctx.header("Referer")).orElse(null);
        }
        if (back == null) {
            back = org.path() + "/" + action.entityType() + "s";
        }
        try {
            var undone = bulk.undo(org.id(), Current.user(ctx).id(), id, targets.get(action.entityType()));
            sessions.flash(ctx, "Undone: " + undone.summary() + ".");
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        } catch (BulkRefused refused) {
            ctx.status(HttpStatus.CONFLICT);
            views.page(ctx, "bulk/refused.jte", "message", refused.getMessage(), "back", back);
        }
    }
}
