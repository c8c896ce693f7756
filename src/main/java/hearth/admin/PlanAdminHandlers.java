package hearth.admin;

import hearth.assistant.Models;
import hearth.assistant.PlanQuotas;
import hearth.auth.SessionManager;
import hearth.orgs.Plan;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.Arrays;
import org.jdbi.v3.core.Jdbi;

/** The tier policy in the platform console: each plan's request and token limits, and the models it has. */
public final class PlanAdminHandlers {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;

    public PlanAdminHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
    }

    public void index(Context ctx) {
        render(ctx, null, null);
    }

    /** Saves one plan's grid: its rows are replaced in one transaction. */
    public void save(Context ctx) {
        var plan = Arrays.stream(Plan.values()).filter(p -> p.name().equals(ctx.pathParam("plan"))).findFirst()
                .orElseThrow(NotFoundResponse::new);
        var form = QuotaInput.form(ctx);
        var quotas = QuotaInput.validate(form, plan);
        if (quotas == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, plan, form);
            return;
        }
        jdbi.useTransaction(handle -> handle.attach(PlanQuotas.class).replace(plan, quotas));
        sessions.flash(ctx, "The " + plan.label() + " plan's limits were saved.");
        ctx.redirect("/admin/plans#plan-" + plan.name().toLowerCase(), HttpStatus.SEE_OTHER);
    }

    /** Every plan from the database, except {@code typedPlan}, which shows {@code typed} as it was sent. */
    private void render(Context ctx, Plan typedPlan, Form typed) {
        var page = jdbi.withHandle(handle -> {
            var models = handle.attach(Models.class).all();
            var quotas = handle.attach(PlanQuotas.class);
            var plans = new ArrayList<CataloguePages.PlanPolicy>();
            for (var plan : Plan.values()) {
                var form = plan == typedPlan ? typed : QuotaInput.formOf(quotas.of(plan));
                plans.add(new CataloguePages.PlanPolicy(plan, form,
                        models.stream().filter(model -> model.availableOn(plan)).toList()));
            }
            return new CataloguePages.PlansPage(plans);
        });
        views.page(ctx, "admin/plans.jte", "page", page);
    }
}
