package hearth.assistant;

import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the assistant used and what is left: a member sees their own; owners and admins also the whole org's.
 * Every figure of the page counts the same way: "requests" are the questions people asked (what the quota
 * counts, failed ones included and shown apart, as they are given back), "internal" the app's own requests
 * made for them (titles, hand-off summaries; never counted against a quota). Tokens and cost are everything
 * spent, internal requests included: they are real spend.
 */
public final class UsageHandlers {
    static final int DAYS = 30;

    public record Day(LocalDate day, int requests, int internal, long tokens, BigDecimal cost) {}

    public record ByModel(String model, String provider, int requests, int internal, int cached, int failed, long inputTokens,
                          long outputTokens, BigDecimal cost, BigDecimal saved, Integer medianFirstTokenMs) {}

    public record ByMember(String name, int requests, int internal, long tokens, BigDecimal cost) {}

    public record Totals(int requests, int internal, int cached, int failed, long tokens, BigDecimal cost, BigDecimal saved) {}

    public record UsagePage(boolean orgView, boolean canSeeOrg, String planLabel, List<Quotas.Standing> standings,
                            Totals totals, List<Day> days, List<ByModel> models, List<ByMember> members) {

        public int maxDailyRequests() {
            return days.stream().mapToInt(Day::requests).max().orElse(0);
        }
    }

    private final Jdbi jdbi;
    private final Views views;
    private final Clock clock;

    public UsageHandlers(Jdbi jdbi, Views views, Clock clock) {
        this.jdbi = jdbi;
        this.views = views;
        this.clock = clock;
    }

    /** {@code GET /o/{org}/assistant/usage[?scope=org]}. */
    public void page(Context ctx) {
        var membership = Current.membership(ctx);
        var org = membership.org();
        var user = Current.user(ctx);
        var orgView = "org".equals(ctx.queryParam("scope"));
        if (orgView && !membership.canManage()) {
            throw new ForbiddenResponse("Only the organization's owners and admins see everyone's usage.");
        }
        // The personal view is scoped by user as well as org: a member never sees another member's requests.
        Long userFilter = orgView ? null : user.id();
        var now = clock.instant();
        var since = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - 1);
        var page = jdbi.withHandle(handle -> new UsagePage(orgView, membership.canManage(), org.plan().label(),
                Quotas.standings(handle, org.id(), user.id(), org.plan(), now).stream()
                        .filter(standing -> orgView == standing.scope().equals("org")).toList(),
                totals(handle, org.id(), userFilter, since),
                days(handle, org.id(), userFilter, since),
                models(handle, org.id(), userFilter, since),
                orgView ? members(handle, org.id(), since) : List.of()));
        views.page(ctx, "assistant/usage.jte", "page", page);
    }

    /** The two counts of every figure: the questions asked (what the quota counts), and the app's own requests. */
    private static final String COUNTS =
            "count(*) filter (where r.purpose = 'chat') as requests, count(*) filter (where r.purpose <> 'chat') as internal";

    private static final String WHERE = """
            where r.org_id = :org and (cast(:user as bigint) is null or r.user_id = :user)
              and r.created_at >= cast(:since as date)
            """;

    private static Totals totals(Handle handle, long orgId, Long userId, LocalDate since) {
        return handle.createQuery("""
                        select %s,
                               count(*) filter (where r.purpose = 'chat' and r.cached) as cached,
                               count(*) filter (where r.purpose = 'chat' and r.status = 'error') as failed,
                               coalesce(sum(r.input_tokens + r.output_tokens), 0) as tokens,
                               coalesce(sum(r.cost), 0) as cost, coalesce(sum(r.saved_cost), 0) as saved
                        from ai_requests r
                        """.formatted(COUNTS) + WHERE)
                .bind("org", orgId).bind("user", userId).bind("since", since)
                .map((rs, ctx) -> new Totals(rs.getInt("requests"), rs.getInt("internal"), rs.getInt("cached"), rs.getInt("failed"),
                        rs.getLong("tokens"), rs.getBigDecimal("cost"), rs.getBigDecimal("saved")))
                .one();
    }

    /** Every day of the window, days without requests included, so the chart's bars line up with the dates. */
    private static List<Day> days(Handle handle, long orgId, Long userId, LocalDate since) {
        var found = new HashMap<LocalDate, Day>();
        handle.createQuery("""
                        select (r.created_at at time zone 'UTC')::date as day, %s,
                               sum(r.input_tokens + r.output_tokens) as tokens, sum(r.cost) as cost
                        from ai_requests r
                        """.formatted(COUNTS) + WHERE + " group by 1")
                .bind("org", orgId).bind("user", userId).bind("since", since)
                .map((rs, ctx) -> new Day(rs.getObject("day", LocalDate.class), rs.getInt("requests"), rs.getInt("internal"),
                        rs.getLong("tokens"), rs.getBigDecimal("cost")))
                .forEach(day -> found.put(day.day(), day));
        var days = new ArrayList<Day>();
        for (int i = 0; i < DAYS; i++) {
            var day = since.plusDays(i);
            days.add(found.getOrDefault(day, new Day(day, 0, 0, 0, BigDecimal.ZERO)));
        }
        return days;
    }

    private static List<ByModel> models(Handle handle, long orgId, Long userId, LocalDate since) {
        return handle.createQuery("""
                        select r.model, r.provider, %s,
                               count(*) filter (where r.purpose = 'chat' and r.cached) as cached,
                               count(*) filter (where r.purpose = 'chat' and r.status = 'error') as failed,
                               sum(r.input_tokens) as input_tokens, sum(r.output_tokens) as output_tokens,
                               sum(r.cost) as cost, sum(r.saved_cost) as saved,
                               percentile_disc(0.5) within group (order by r.first_token_ms) as median_first_token
                        from ai_requests r
                        """.formatted(COUNTS) + WHERE + " group by r.model, r.provider order by sum(r.cost) desc, count(*) desc")
                .bind("org", orgId).bind("user", userId).bind("since", since)
                .map((rs, ctx) -> new ByModel(rs.getString("model"), Catalogue.providerLabel(rs.getString("provider")),
                        rs.getInt("requests"), rs.getInt("internal"), rs.getInt("cached"), rs.getInt("failed"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"), rs.getBigDecimal("cost"), rs.getBigDecimal("saved"),
                        (Integer) rs.getObject("median_first_token")))
                .list();
    }

    private static List<ByMember> members(Handle handle, long orgId, LocalDate since) {
        return handle.createQuery("""
                        select coalesce(u.name, 'Former member') as name, %s,
                               sum(r.input_tokens + r.output_tokens) as tokens, sum(r.cost) as cost
                        from ai_requests r left join users u on u.id = r.user_id
                        where r.org_id = :org and r.created_at >= cast(:since as date)
                        group by 1 order by sum(r.cost) desc, count(*) desc limit 100
                        """.formatted(COUNTS))
                .bind("org", orgId).bind("since", since)
                .map((rs, ctx) -> new ByMember(rs.getString("name"), rs.getInt("requests"), rs.getInt("internal"),
                        rs.getLong("tokens"), rs.getBigDecimal("cost")))
                .list();
    }
}
