package hearth.support;

import hearth.auth.SessionManager;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.jdbi.v3.core.Jdbi;

/** Canned replies, managed in the console: list, create, edit, delete. */
public final class ConsoleReplies {
    static final String LIST = ConsoleHandlers.QUEUE + "/replies";
    private static final int MAX_TITLE = 100;

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public ConsoleReplies(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    public void list(Context ctx) {
        views.page(ctx, "support/console/replies.jte", "page", new ConsolePages.RepliesPage(replies().all()));
    }

    public void newPage(Context ctx) {
        renderForm(ctx, Form.empty(), null);
    }

    public void create(Context ctx) {
        var form = form(ctx);
        if (form.valid()) {
            var id = replies().insert(form.trimmed("title"), form.trimmed("body"), Current.user(ctx).id());
            if (id.isPresent()) {
                saved(ctx, form, " was added.");
                return;
            }
            form.reject("title", "Another canned reply has this title.");
        }
        refused(ctx, form, null);
    }

    public void editPage(Context ctx) {
        var reply = find(ctx);
        renderForm(ctx, Form.empty().with("title", reply.title()).with("body", reply.body()), reply);
    }

    public void update(Context ctx) {
        var reply = find(ctx);
        var form = form(ctx);
        if (form.valid()) {
            if (replies().update(reply.id(), form.trimmed("title"), form.trimmed("body")).isPresent()) {
                saved(ctx, form, " was saved.");
                return;
            }
            form.reject("title", "Another canned reply has this title.");
        }
        refused(ctx, form, reply);
    }

    public void delete(Context ctx) {
        var title = replies().delete(ConsoleHandlers.id(ctx)).orElseThrow(NotFoundResponse::new);
        sessions.flash(ctx, "“" + title + "” was deleted.");
        ctx.redirect(LIST, HttpStatus.SEE_OTHER);
    }

    private static Form form(Context ctx) {
        return Form.from(ctx, "title", "body")
                .requireText("title", "Title", MAX_TITLE)
                .requireText("body", "The reply", ConsoleHandlers.MAX_BODY);
    }

    private void saved(Context ctx, Form form, String done) {
        sessions.flash(ctx, "“" + form.trimmed("title") + "”" + done);
        ctx.redirect(LIST, HttpStatus.SEE_OTHER);
    }

    private void refused(Context ctx, Form form, CannedReply reply) {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        renderForm(ctx, form, reply);
    }

    private CannedReply find(Context ctx) {
        return replies().find(ConsoleHandlers.id(ctx)).orElseThrow(NotFoundResponse::new);
    }

    private CannedReplies replies() {
        return jdbi.onDemand(CannedReplies.class);
    }

    private void renderForm(Context ctx, Form form, CannedReply reply) {
        views.page(ctx, "support/console/reply_form.jte", "page", new ConsolePages.ReplyForm(form, reply));
    }
}
