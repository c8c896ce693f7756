package hearth.assistant;

import hearth.db.Pipeline;
import hearth.orgs.Plan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The tier policy enforced: every request of a user counts in six counters (the user's and the
 * org's, per hour, day and month, calendar periods in UTC). A request is admitted by incrementing
 * all six in the caller's transaction, each only while it is under its limit. The row locks of
 * those upserts make concurrent requests — from any number of app processes — take turns, so a
 * limit of 10 lets exactly 10 through. Counters are always kept, limited or not, so a limit an
 * admin adds in the middle of a month counts what was already used.
 */
public final class Quotas {
    static final List<String> SCOPES = List.of("org", "user");
    static final List<String> PERIODS = List.of("day", "hour", "month");

    private Quotas() {}

    /** One counter: whose, which period, and from when. */
    public record Counter(String scope, long scopeId, String period, Instant startsAt) {}

    /** The counters a request was admitted in: settled with its tokens when it succeeds, refunded when it fails. */
    public record Reservation(List<Counter> counters) {}

    /** A limit of the plan and how much of it is used in the current period. Null limits are unlimited. */
    public record Standing(String scope, String period, Integer requestLimit, Long tokenLimit, int requestsUsed,
                           long tokensUsed, Instant resetsAt) {
        public Integer requestsLeft() {
            return requestLimit == null ? null : Math.max(0, requestLimit - requestsUsed);
        }

        public Long tokensLeft() {
            return tokenLimit == null ? null : Math.max(0, tokenLimit - tokensUsed);
        }

        public boolean limited() {
            return requestLimit != null || tokenLimit != null;
        }
    }

    /** A request refused by a limit; thrown inside the transaction so nothing it wrote stays. */
    public static final class Exceeded extends RuntimeException {
        private final Standing standing;
        private final Plan plan;

        Exceeded(Standing standing, Plan plan) {
            super(describe(standing, plan), null, false, false);
            this.standing = standing;
            this.plan = plan;
        }

        public Standing standing() {
            return standing;
        }

        public Plan plan() {
            return plan;
        }
    }

    /**
     * Admits one request of {@code userId} in {@code orgId} now, or throws {@link Exceeded} naming
     * the first limit that is reached. Call inside the transaction that records the request.
     */
    public static Reservation admit(Handle handle, long orgId, long userId, Plan plan, Instant now) {
        var limits = limits(handle, plan);
        var reservation = reservation(orgId, userId, now);
        // One round trip for all six (their rows stay locked until the commit, and every request and answer
        // of the org waits for them), always in the same order (org before user, then period), so two
        // requests never lock in opposite orders. A refused counter is left as it was: 0 rows.
        var batch = handle.prepareBatch("""
                insert into ai_counters as c (scope, scope_id, period, starts_at, requests)
                select :scope, :scopeId, :period, :startsAt, 1
                where coalesce(cast(:requests as integer), 1) >= 1 and coalesce(cast(:tokens as bigint), 1) >= 1
                on conflict (scope, scope_id, period, starts_at) do update set requests = c.requests + 1
                where (cast(:requests as integer) is null or c.requests < cast(:requests as integer))
                  and (cast(:tokens as bigint) is null or c.tokens < cast(:tokens as bigint))
                """);
        for (var counter : reservation.counters()) {
            var limit = limits.find(counter.scope(), counter.period());
            batch.bindMethods(counter).bind("requests", limit.requests()).bind("tokens", limit.tokens()).add();
        }
        var admitted = batch.execute();
        for (int i = 0; i < admitted.length; i++) {
            if (admitted[i] == 0) {
                var counter = reservation.counters().get(i);
                throw new Exceeded(standing(handle, counter, limits.find(counter.scope(), counter.period()), now), plan);
            }
        }
        return reservation;
    }

    /**
     * The counters {@link #admit} reserves for a request of {@code userId} admitted at {@code admittedAt},
     * in the order it locks them: how a request whose reservation was lost with its server (the answer's
     * row keeps the instant) is still given back.
     */
    public static Reservation reservation(long orgId, long userId, Instant admittedAt) {
        var counters = new ArrayList<Counter>();
        for (var scope : SCOPES) {
            for (var period : PERIODS) {
                counters.add(new Counter(scope, scope.equals("org") ? orgId : userId, period, periodStart(period, admittedAt)));
            }
        }
        return new Reservation(counters);
    }

    /**
     * Whether every limit had room a moment ago: one read, no locks. Only {@link #admit} decides; this
     * says whether asking the provider before admitting is worth it (see Generator.speculate). Bound
     * by {@link #hadRoomBindings}.
     */
    public static final Pipeline.Query<Boolean> HAD_ROOM = new Pipeline.Query<>("""
            select not exists (
                select 1 from plan_quotas q
                left join ai_counters c on c.scope = q.scope and c.period = q.period
                     and c.scope_id = case q.scope when 'org' then :org else :user end
                     and c.starts_at = case q.period when 'hour' then cast(:hour as timestamptz)
                                                      when 'day' then cast(:day as timestamptz)
                                                      else cast(:month as timestamptz) end
                where q.plan = :plan
                  and (q.requests <= coalesce(c.requests, 0) or q.tokens <= coalesce(c.tokens, 0)))
            """, (rs, ctx) -> rs.getBoolean(1));

    public static Map<String, Object> hadRoomBindings(long orgId, long userId, Plan plan, Instant now) {
        return Map.of("org", orgId, "user", userId, "plan", plan.name(), "hour", periodStart("hour", now),
                "day", periodStart("day", now), "month", periodStart("month", now));
    }

    public static boolean hadRoom(Handle handle, long orgId, long userId, Plan plan, Instant now) {
        return Pipeline.run(handle, hadRoomBindings(orgId, userId, plan, now), HAD_ROOM).of(HAD_ROOM).get(0);
    }

    /** Adds the tokens a finished request used. */
    public static void settle(Handle handle, Reservation reservation, long tokens) {
        if (tokens > 0) {
            update(handle, reservation, "update ai_counters set tokens = tokens + :tokens", tokens);
        }
    }

    /** Gives back a request that failed: failed requests do not count. */
    public static void refund(Handle handle, Reservation reservation) {
        update(handle, reservation, "update ai_counters set requests = greatest(requests - 1, 0)", null);
    }

    /** One change to every counter of a reservation, in one round trip and in the order admit locked them. */
    private static void update(Handle handle, Reservation reservation, String update, Long tokens) {
        if (reservation.counters().isEmpty()) {
            return;
        }
        var batch = handle.prepareBatch(update
                + " where scope = :scope and scope_id = :scopeId and period = :period and starts_at = :startsAt");
        for (var counter : reservation.counters()) {
            batch.bindMethods(counter);
            if (tokens != null) {
                batch.bind("tokens", tokens);
            }
            batch.add();
        }
        batch.execute();
    }

    /** Every limit of the plan as it stands for this user now, the org's first. */
    public static List<Standing> standings(Handle handle, long orgId, long userId, Plan plan, Instant now) {
        var limits = limits(handle, plan);
        var standings = new ArrayList<Standing>();
        for (var scope : SCOPES) {
            for (var period : List.of("hour", "day", "month")) {
                var counter = new Counter(scope, scope.equals("org") ? orgId : userId, period, periodStart(period, now));
                standings.add(standing(handle, counter, limits.find(scope, period), now));
            }
        }
        return standings;
    }

    /** Deletes counters of periods that are over (called by housekeeping). */
    public static int pruneBefore(Handle handle, Instant now) {
        return handle.createUpdate("delete from ai_counters where starts_at < :cutoff")
                .bind("cutoff", periodStart("month", now).atZone(ZoneOffset.UTC).minusMonths(1).toInstant()).execute();
    }

    static Instant periodStart(String period, Instant now) {
        var utc = now.atZone(ZoneOffset.UTC);
        return switch (period) {
            case "hour" -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "day" -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case "month" -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
            default -> throw new IllegalArgumentException(period);
        };
    }

    static Instant periodEnd(String period, Instant start) {
        var utc = ZonedDateTime.ofInstant(start, ZoneOffset.UTC);
        return switch (period) {
            case "hour" -> utc.plusHours(1).toInstant();
            case "day" -> utc.plusDays(1).toInstant();
            case "month" -> utc.plusMonths(1).toInstant();
            default -> throw new IllegalArgumentException(period);
        };
    }

    private static Standing standing(Handle handle, Counter counter, Limit limit, Instant now) {
        var used = handle.createQuery("""
                        select requests, tokens from ai_counters
                        where scope = :scope and scope_id = :scopeId and period = :period and starts_at = :startsAt
                        """)
                .bindMethods(counter)
                .map((rs, ctx) -> new long[] {rs.getInt("requests"), rs.getLong("tokens")})
                .findOne().orElse(new long[] {0, 0});
        return new Standing(counter.scope(), counter.period(), limit.requests(), limit.tokens(), (int) used[0], used[1],
                periodEnd(counter.period(), counter.startsAt()));
    }

    /** What a refused user reads: which limit, what remains, when it resets. */
    static String describe(Standing standing, Plan plan) {
        var who = standing.scope().equals("org") ? "Your organization has" : "You have";
        var period = switch (standing.period()) {
            case "hour" -> "this hour";
            case "day" -> "today";
            default -> "this month";
        };
        var byRequests = standing.requestLimit() != null && standing.requestsUsed() >= standing.requestLimit();
        var what = byRequests
                ? String.format(Locale.ROOT, "used all %,d requests it may make %s", standing.requestLimit(), period)
                : String.format(Locale.ROOT, "used %,d of its %,d tokens for %s", standing.tokensUsed(), standing.tokenLimit(), period);
        if (standing.scope().equals("user")) {
            what = what.replace("it may", "you may").replace("its ", "your ");
        }
        var left = byRequests ? "0 requests remain" : "0 tokens remain";
        return who + " " + what + " on the " + plan.label() + " plan: " + left + ". The limit resets at "
                + formatTime(standing.resetsAt()) + ".";
    }

    private record Limit(Integer requests, Long tokens) {}

    private record Limits(List<String[]> keys, List<Limit> values) {
        Limit find(String scope, String period) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i)[0].equals(scope) && keys.get(i)[1].equals(period)) {
                    return values.get(i);
                }
            }
            return new Limit(null, null);
        }
    }

    private static Limits limits(Handle handle, Plan plan) {
        var keys = new ArrayList<String[]>();
        var values = new ArrayList<Limit>();
        handle.createQuery("select scope, period, requests, tokens from plan_quotas where plan = :plan")
                .bind("plan", plan.name())
                .map((rs, ctx) -> {
                    keys.add(new String[] {rs.getString("scope"), rs.getString("period")});
                    values.add(new Limit((Integer) rs.getObject("requests"), (Long) rs.getObject("tokens")));
                    return null;
                })
                .list();
        return new Limits(keys, values);
    }

    static String formatTime(Instant instant) {
        return DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ROOT).format(instant.atZone(ZoneOffset.UTC));
    }
}
