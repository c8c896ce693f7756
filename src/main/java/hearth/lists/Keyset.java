package hearth.lists;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Keyset pagination: a page starts after (or before) the sort value and id of a known row, so page
 * 40,000 costs what page 1 costs. {@code OFFSET} would read and discard every row before the page.
 */
public final class Keyset {
    public record Page<T>(List<T> rows, Cursor next, Cursor previous) {
        public boolean empty() {
            return rows.isEmpty();
        }
    }

    private record Keyed<T>(T row, Cursor cursor) {}

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.e+]+)");
    /**
     * The planner's estimate follows the table statistics, which change when PostgreSQL analyzes the
     * table, not with each write: asking again for the same filter within a few seconds (every page of
     * a list shows it) would only repeat an EXPLAIN that costs more than the page query.
     */
    private static final Estimates ESTIMATES = new Estimates(Duration.ofSeconds(30), 1000);
    /**
     * Filters that had more matches than are counted exactly a moment ago: every page of such a list
     * shows an estimate anyway, so they are not read up to the limit again (for a tag filter of the
     * support queue that read was half the page's database time). One that drops under the limit shows
     * its exact count again within these seconds.
     */
    private static final Estimates OVER_THE_LIMIT = new Estimates(Duration.ofSeconds(5), 1000);

    private Keyset() {}

    /**
     * @param select  "select <columns> from <table> t join ..." without WHERE/ORDER; the table's id is {@code idColumn}
     */
    public static <T> Page<T> page(Handle handle, String select, String idColumn, Where where, SortKey sort,
                                   boolean descending, Cursor after, Cursor before, int size, RowMapper<T> mapper) {
        var backwards = after == null && before != null;
        var cursor = backwards ? before : after;
        var ascendingInQuery = descending == backwards;
        var condition = where.copy();
        if (cursor != null) {
            condition.and("(" + sort.sql() + ", " + idColumn + ") " + (ascendingInQuery ? ">" : "<")
                            + " (cast(:keysetValue as " + sort.pgType() + "), :keysetId)")
                    .bind("keysetValue", cursor.value())
                    .bind("keysetId", cursor.id());
        }
        var direction = ascendingInQuery ? "asc" : "desc";
        var sql = select.replaceFirst("(?i)^select ", "select (" + sort.sql() + ")::text as keyset_value, "
                        + idColumn + " as keyset_id, ")
                + " where " + condition.sql()
                + " order by " + sort.sql() + " " + direction + ", " + idColumn + " " + direction
                + " limit :keysetLimit";
        List<Keyed<T>> fetched;
        try {
            fetched = condition.bindTo(handle.createQuery(sql))
                    .bind("keysetLimit", size + 1)
                    .map(keyed(mapper))
                    .list();
        } catch (UnableToExecuteStatementException e) {
            // A well-shaped but impossible cursor value (say, month 13) fails its cast: start over.
            if (cursor != null && e.getCause() instanceof SQLException failure && failure.getSQLState() != null
                    && failure.getSQLState().startsWith("22")) {
                return page(handle, select, idColumn, where, sort, descending, null, null, size, mapper);
            }
            throw e;
        }
        var more = fetched.size() > size;
        var rows = new ArrayList<>(more ? fetched.subList(0, size) : fetched);
        if (backwards) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new Page<>(List.of(), null, backwards ? null : (cursor != null ? cursor : null));
        }
        var first = rows.get(0).cursor();
        var last = rows.get(rows.size() - 1).cursor();
        var next = backwards ? last : (more ? last : null);
        var previous = backwards ? (more ? first : null) : (cursor != null ? first : null);
        return new Page<>(rows.stream().map(Keyed::row).toList(), next, previous);
    }

    /**
     * Each row with its cursor. The row mapper is specialized once per result set: a reflective mapper
     * (ConstructorMapper) asked to map row by row matches columns to parameters again for every row,
     * which was a third of a list request's CPU time.
     */
    private static <T> RowMapper<Keyed<T>> keyed(RowMapper<T> mapper) {
        return new RowMapper<>() {
            @Override
            public Keyed<T> map(ResultSet rs, StatementContext ctx) throws SQLException {
                return specialize(rs, ctx).map(rs, ctx);
            }

            @Override
            public RowMapper<Keyed<T>> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
                var rows = mapper.specialize(rs, ctx);
                return (row, context) -> new Keyed<>(rows.map(row, context),
                        new Cursor(row.getString("keyset_value"), row.getLong("keyset_id")));
            }
        };
    }

    /** Exact up to {@code exactLimit} matches; above that PostgreSQL's planner estimate. */
    public static Count count(Handle handle, String from, Where where, int exactLimit) {
        var sql = "select count(*) from (select 1 " + from + " where " + where.sql() + " limit :countLimit) matches";
        var key = where.key(sql + exactLimit);
        var over = OVER_THE_LIMIT.peek(key);
        if (over != null) {
            return estimate(handle, from, where, over);
        }
        var exact = where.bindTo(handle.createQuery(sql))
                .bind("countLimit", exactLimit + 1)
                .mapTo(Long.class).one();
        if (exact <= exactLimit) {
            return new Count(exact, true);
        }
        OVER_THE_LIMIT.put(key, exact);
        return estimate(handle, from, where, exact);
    }

    /** The ids of the matching rows in id order, at most {@code limit}: what "all matching" works on. */
    public static Long[] ids(Handle handle, String from, String idColumn, Where where, int limit) {
        return where.bindTo(handle.createQuery("select " + idColumn + " " + from + " where " + where.sql()
                        + " order by " + idColumn + " limit :idLimit"))
                .bind("idLimit", limit)
                .mapTo(Long.class).list().toArray(Long[]::new);
    }

    /** The ids of up to {@code limit + 1} matching rows, in no particular order. */
    public static List<Long> matchingIds(Handle handle, String from, String idColumn, Where where, int limit) {
        return where.bindTo(handle.createQuery("select " + idColumn + " " + from + " where " + where.sql()
                        + " limit :idLimit"))
                .bind("idLimit", limit + 1)
                .mapTo(Long.class).list();
    }

    /** PostgreSQL's planner estimate of the matches, never less than the {@code atLeast} already counted. */
    public static Count estimate(Handle handle, String from, Where where, long atLeast) {
        var sql = "explain (format json) select 1 " + from + " where " + where.sql();
        var estimate = ESTIMATES.get(where.key(sql), () -> {
            var plan = where.bindTo(handle.createQuery(sql)).mapTo(String.class).one();
            var matcher = PLAN_ROWS.matcher(plan);
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1L;
        });
        return new Count(Math.max(estimate, atLeast), false);
    }

    public record Count(long value, boolean exact) {
        public String describe() {
            var formatted = hearth.web.Format.number(value);
            return exact ? formatted : "about " + formatted;
        }
    }
}
