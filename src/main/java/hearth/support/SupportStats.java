package hearth.support;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The support desk in numbers: the queue now, how fast the team answers and resolves (median and 90th
 * percentile over the last {@value #DAYS} days) and the daily volume. Merged duplicates are left out
 * everywhere; archived conversations count in the times and volumes but not in the queue.
 */
public record SupportStats(long open, long pending, long inProgress, long unassigned, long urgent, Times firstResponse,
                           Times resolution, List<Day> days) {
    public static final int DAYS = 30;

    /** Durations in seconds; null when nothing was measured. */
    public record Times(Double median, Double p90, long count) {
        public String medianLabel() {
            return duration(median);
        }

        public String p90Label() {
            return duration(p90);
        }
    }

    /** One UTC day: conversations opened and messages members wrote. */
    public record Day(LocalDate day, long conversations, long messages) {}

    public static SupportStats load(Handle handle, Clock clock) {
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var since = today.minusDays(DAYS - 1);
        var counts = handle.createQuery("""
                        select count(*) filter (where status = 'open') as open,
                               count(*) filter (where status = 'pending') as pending,
                               count(*) filter (where status = 'in_progress') as in_progress,
                               count(*) filter (where status <> 'closed' and assignee_id is null) as unassigned,
                               count(*) filter (where status <> 'closed' and priority = 'urgent') as urgent
                        from support_conversations where merged_into is null and archived_at is null
                        """)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)})
                .one();
        var firstResponse = times(handle, "first_response_at", "created_at", since);
        var resolution = times(handle, "closed_at", "closed_at", since);
        var days = handle.createQuery("""
                        select d::date as day,
                               (select count(*) from support_conversations c where c.merged_into is null
                                  and c.created_at >= d and c.created_at < d + interval '1 day') as conversations,
                               (select count(*) from support_messages m where m.kind = 'user'
                                  and m.created_at >= d and m.created_at < d + interval '1 day') as messages
                        from generate_series(cast(:since as date)::timestamp at time zone 'UTC',
                                             cast(:today as date)::timestamp at time zone 'UTC', interval '1 day') d
                        order by d
                        """)
                .bind("since", since).bind("today", today)
                .map((rs, ctx) -> new Day(rs.getObject("day", LocalDate.class), rs.getLong("conversations"), rs.getLong("messages")))
                .list();
        return new SupportStats(counts[0], counts[1], counts[2], counts[3], counts[4], firstResponse, resolution, days);
    }

    /**
     * Median and p90 of {@code end - created_at} over the conversations whose {@code windowColumn} falls
     * in the window: first responses of conversations opened in it, resolutions closed in it.
     */
    private static Times times(Handle handle, String end, String windowColumn, LocalDate since) {
        return handle.createQuery("""
                        select percentile_cont(0.5) within group (order by seconds) as median,
                               percentile_cont(0.9) within group (order by seconds) as p90,
                               count(*) as count
                        from (select extract(epoch from c.%1$s - c.created_at)::float8 as seconds
                              from support_conversations c
                              where c.merged_into is null and c.%1$s is not null
                                and c.%2$s >= cast(:since as date)::timestamp at time zone 'UTC') measured
                        """.formatted(end, windowColumn))
                .bind("since", since)
                .map((rs, ctx) -> new Times((Double) rs.getObject("median"), (Double) rs.getObject("p90"), rs.getLong("count")))
                .one();
    }

    public long maxDay() {
        return days.stream().mapToLong(day -> Math.max(day.conversations(), day.messages())).max().orElse(0);
    }

    /** "45 s", "12 min", "3 h 20 min", "2 d 4 h"; "—" for nothing measured. */
    static String duration(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        var s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        var minutes = s / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        var hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
