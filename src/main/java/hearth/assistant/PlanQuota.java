package hearth.assistant;

import hearth.orgs.Plan;
import java.util.List;

/**
 * One limit of a plan: how many requests and tokens one user ({@code scope} "user") or a whole org
 * ("org") may use per calendar "hour", "day" or "month" (UTC). A null limit is unlimited, and so is
 * a combination without a row.
 */
public record PlanQuota(Plan plan, String scope, String period, Integer requests, Long tokens) {
    public static final List<String> SCOPES = List.of("user", "org");
    public static final List<String> PERIODS = List.of("hour", "day", "month");

    public boolean unlimited() {
        return requests == null && tokens == null;
    }
}
