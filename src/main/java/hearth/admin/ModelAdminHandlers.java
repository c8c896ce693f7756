package hearth.admin;

import hearth.assistant.Catalogue;
import hearth.assistant.Model;
import hearth.assistant.Models;
import hearth.auth.SessionManager;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;

/** The AI model catalogue in the platform console: list, create, edit, enable or disable, delete. */
public final class ModelAdminHandlers {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LIST = "/admin/models";

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public ModelAdminHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    public void list(Context ctx) {
        views.page(ctx, "admin/models/list.jte", "page", new CataloguePages.ModelList(models().all()));
    }

    public void newPage(Context ctx) {
        renderForm(ctx, ModelInput.blank(), null);
    }

    public void create(Context ctx) {
        var form = ModelInput.form(ctx);
        var model = ModelInput.validate(form, 0);
        Model created = null;
        if (model != null) {
            created = models().insert(model).orElse(null);
            if (created == null) {
                rejectDuplicate(form);
            }
        }
        savedOrRefused(ctx, form, null, created, " was added to the catalogue.");
    }

    public void editPage(Context ctx) {
        var model = find(ctx);
        renderForm(ctx, ModelInput.formOf(model), model);
    }

    public void update(Context ctx) {
        var model = find(ctx);
        var form = ModelInput.form(ctx);
        var changed = ModelInput.validate(form, model.id());
        Model saved = null;
        if (changed != null) {
            try {
                saved = models().update(changed).orElseThrow(() -> new NotFoundResponse("This model was deleted."));
            } catch (UnableToExecuteStatementException e) {
                if (!(e.getCause() instanceof PSQLException psql && UNIQUE_VIOLATION.equals(psql.getSQLState()))) {
                    throw e;
                }
                rejectDuplicate(form);
            }
        }
        savedOrRefused(ctx, form, model, saved, " was saved.");
    }

    /** The switch in each row: {@code enabled} is "true" or "false". */
    public void setEnabled(Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var enabled = switch (String.valueOf(ctx.formParam("enabled"))) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestResponse("Say whether the model is enabled: true or false.");
        };
        var model = models().setEnabled(id, enabled).orElseThrow(NotFoundResponse::new);
        sessions.flash(ctx, model.displayName() + (enabled ? " is enabled." : " is disabled: no one can choose it now."));
        ctx.redirect(LIST, HttpStatus.SEE_OTHER);
    }

    /** Deleting asks first, on a page of its own, so that it works without JavaScript. */
    public void deletePage(Context ctx) {
        var model = find(ctx);
        views.page(ctx, "admin/models/delete.jte", "page",
                new CataloguePages.ModelDeletion(model, models().conversationsUsing(model.id())));
    }

    public void delete(Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var model = models().delete(id).orElseThrow(NotFoundResponse::new);
        sessions.flash(ctx, model.displayName() + " was deleted from the catalogue.");
        ctx.redirect(LIST, HttpStatus.SEE_OTHER);
    }

    /** Back to the list when {@code saved}; otherwise the form again, as typed, with its messages. */
    private void savedOrRefused(Context ctx, Form form, Model editing, Model saved, String done) {
        if (saved == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, form, editing);
            return;
        }
        sessions.flash(ctx, saved.displayName() + done);
        ctx.redirect(LIST, HttpStatus.SEE_OTHER);
    }

    private static void rejectDuplicate(Form form) {
        form.reject("model_id", "The catalogue already has this model id for " + Catalogue.providerLabel(form.value("provider")) + ".");
    }

    private Model find(Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).get();
        return models().find(id).orElseThrow(NotFoundResponse::new);
    }

    private Models models() {
        return jdbi.onDemand(Models.class);
    }

    private void renderForm(Context ctx, Form form, Model model) {
        views.page(ctx, "admin/models/form.jte", "page", new CataloguePages.ModelForm(form, model));
    }
}
