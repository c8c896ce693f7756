package hearth.admin;

import hearth.assistant.PlanQuota;
import hearth.orgs.Plan;
import hearth.web.Form;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** One plan's row of the tier policy grid as typed: a requests and a tokens limit per scope and period, blank = unlimited. */
final class QuotaInput {
    private QuotaInput() {}

    static String field(String scope, String period, String limit) {
        return scope + "_" + period + "_" + limit;
    }

    static Form form(Context ctx) {
        var fields = new ArrayList<String>();
        for (var scope : PlanQuota.SCOPES) {
            for (var period : PlanQuota.PERIODS) {
                fields.add(field(scope, period, "requests"));
                fields.add(field(scope, period, "tokens"));
            }
        }
        return Form.from(ctx, fields.toArray(String[]::new));
    }

    static Form formOf(List<PlanQuota> quotas) {
        var form = Form.empty();
        for (var quota : quotas) {
            form.with(field(quota.scope(), quota.period(), "requests"), quota.requests() == null ? "" : quota.requests().toString());
            form.with(field(quota.scope(), quota.period(), "tokens"), quota.tokens() == null ? "" : quota.tokens().toString());
        }
        return form;
    }

    /** Every scope and period of {@code plan}, unlimited ones included; null when a limit is not a whole number. */
    static List<PlanQuota> validate(Form form, Plan plan) {
        var quotas = new ArrayList<PlanQuota>();
        for (var scope : PlanQuota.SCOPES) {
            for (var period : PlanQuota.PERIODS) {
                var requests = form.wholeNumber(field(scope, period, "requests"), "Requests", 0, Integer.MAX_VALUE, false);
                var tokens = form.wholeNumber(field(scope, period, "tokens"), "Tokens", 0, Long.MAX_VALUE, false);
                quotas.add(new PlanQuota(plan, scope, period, requests == null ? null : requests.intValue(), tokens));
            }
        }
        return form.valid() ? quotas : null;
    }
}
