package hearth.lists;

import hearth.db.Pipeline;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
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

    private static final Pattern SELECT = Pattern.compile("(?i)^select ");
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
     * One page, read alone. A list page, which shows its count and more (members, options), reads them
     * with {@link #list}.
     *
     * @param select  "select <columns> from <table> t join ..." without WHERE/ORDER; the table's id is {@code idColumn}
     */
    public static <T> Page<T> page(Handle handle, String select, String idColumn, Where where, SortKey sort,
                                   boolean descending, Cursor after, Cursor before, int size, RowMapper<T> mapper) {
        return query(select, idColumn, where, sort, descending, after, before, size, mapper)
                .read(page -> page.page(Pipeline.run(handle, List.of(page.bound()), Where.PLANNED_FOR_ITS_VALUES)));
    }

    /** A list page's reads: its page, its count, and the rows of whatever else it shows. */
    public record Listing<T>(Page<T> page, Count count, Pipeline.Results along) {}

    /**
     * A list page's reads in two round trips: the page with its count, planned for their values (see
     * {@link Where}), then {@code along}, whatever else the page shows (members, options, names of the
     * rows' references), whose plans PostgreSQL keeps. Under load every round trip is also a wait for a
     * core: a task list page made five.
     */
    public static <T> Listing<T> list(Handle handle, PageQuery<T> query, Counting counting,
                                      Function<Page<T>, List<Pipeline.Bound<?>>> along) {
        return query.read(pageQuery -> {
            var reads = new ArrayList<Pipeline.Bound<?>>(counting.bound());
            reads.add(pageQuery.bound());
            var read = Pipeline.run(handle, reads, Where.PLANNED_FOR_ITS_VALUES);
            var page = pageQuery.page(read);
            return new Listing<>(page, counting.count(handle, read), Pipeline.run(handle, along.apply(page), null));
        });
    }

    /** The query of one page, to read in a {@link Pipeline} with the page's other reads. */
    public static <T> PageQuery<T> query(String select, String idColumn, Where where, SortKey sort, boolean descending,
                                         Cursor after, Cursor before, int size, RowMapper<T> mapper) {
        return new PageQuery<>(select, idColumn, where, sort, descending, after, before, size, mapper);
    }

    /**
     * The query of a page after (or before) a cursor: {@link #bound} goes into a pipeline, planned for its
     * values ({@link Where#PLANNED_FOR_ITS_VALUES}), and {@link #page} reads the page from its results.
     */
    public static final class PageQuery<T> {
        private final String select;
        private final String idColumn;
        private final Where where;
        private final SortKey sort;
        private final boolean descending;
        private final int size;
        private final RowMapper<T> mapper;
        private final boolean backwards;
        private final Cursor cursor;
        private final Pipeline.Bound<Keyed<T>> bound;

        private PageQuery(String select, String idColumn, Where where, SortKey sort, boolean descending,
                          Cursor after, Cursor before, int size, RowMapper<T> mapper) {
            this.select = select;
            this.idColumn = idColumn;
            this.where = where;
            this.sort = sort;
            this.descending = descending;
            this.size = size;
            this.mapper = mapper;
            this.backwards = after == null && before != null;
            this.cursor = backwards ? before : after;
            var ascendingInQuery = descending == backwards;
            var condition = where.copy();
            if (cursor != null) {
                condition.and("(" + sort.sql() + ", " + idColumn + ") " + (ascendingInQuery ? ">" : "<")
                                + " (cast(:keysetValue as " + sort.pgType() + "), :keysetId)")
                        .bind("keysetValue", cursor.value())
                        .bind("keysetId", cursor.id());
            }
            var direction = ascendingInQuery ? "asc" : "desc";
            var sql = SELECT.matcher(select).replaceFirst(Matcher.quoteReplacement("select (" + sort.sql()
                            + ")::text as keyset_value, " + idColumn + " as keyset_id, "))
                    + " where " + condition.sql()
                    + " order by " + sort.sql() + " " + direction + ", " + idColumn + " " + direction
                    + " limit :keysetLimit";
            var bindings = new HashMap<String, Object>(condition.bindings());
            bindings.put("keysetLimit", size + 1);
            this.bound = new Pipeline.Bound<>(new Pipeline.Query<>(sql, keyed(mapper)), bindings);
        }

        public Pipeline.Bound<?> bound() {
            return bound;
        }

        /** The page, from the results of a pipeline that ran {@link #bound}. */
        public Page<T> page(Pipeline.Results results) {
            var fetched = results.of(bound);
            var more = fetched.size() > size;
            var rows = new ArrayList<>(more ? fetched.subList(0, size) : fetched);
            if (backwards) {
                Collections.reverse(rows);
            }
            if (rows.isEmpty()) {
                return new Page<>(List.of(), null, backwards ? null : cursor);
            }
            var first = rows.get(0).cursor();
            var last = rows.get(rows.size() - 1).cursor();
            var next = backwards ? last : (more ? last : null);
            var previous = backwards ? (more ? first : null) : (cursor != null ? first : null);
            return new Page<>(rows.stream().map(Keyed::row).toList(), next, previous);
        }

        /**
         * {@code read} with this query. A well-shaped but impossible cursor value (say, month 13) fails its
         * cast: then {@code read} again with the first page's query.
         */
        public <R> R read(Function<PageQuery<T>, R> read) {
            try {
                return read.apply(this);
            } catch (UnableToExecuteStatementException e) {
                if (cursor != null && e.getCause() instanceof SQLException failure && failure.getSQLState() != null
                        && failure.getSQLState().startsWith("22")) {
                    return read.apply(new PageQuery<>(select, idColumn, where, sort, descending, null, null, size, mapper));
                }
                throw e;
            }
        }
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

    /** Exact up to {@code exactLimit} matches; above that PostgreSQL's planner estimate. */
    public static Count count(Handle handle, String from, Where where, int exactLimit) {
        var counting = counting(handle, from, where, exactLimit);
        return counting.count(handle, Pipeline.run(handle, counting.bound(), Where.PLANNED_FOR_ITS_VALUES));
    }

    /**
     * The count of a list's matches, to read in a {@link Pipeline} with its page. A filter that had more
     * matches than {@code exactLimit} a moment ago is not counted again: it gets the planner's estimate.
     */
    public static Counting counting(Handle handle, String from, Where where, int exactLimit) {
        var sql = "select count(*) from (select 1 " + from + " where " + where.sql() + " limit :countLimit) matches";
        var key = where.key(sql + exactLimit);
        var over = OVER_THE_LIMIT.peek(key);
        if (over != null) {
            return counted(estimate(handle, from, where, over));
        }
        var bindings = new HashMap<String, Object>(where.bindings());
        bindings.put("countLimit", exactLimit + 1);
        return new Counting(null, from, where, exactLimit, key,
                new Pipeline.Bound<>(new Pipeline.Query<>(sql, (rs, ctx) -> rs.getLong(1)), bindings));
    }

    /** A count known already (say, the matches a search found): nothing to read. */
    public static Counting counted(Count count) {
        return new Counting(count, null, null, 0, null, null);
    }

    /** A count known already, or the query that counts up to a limit ({@link #bound}). */
    public static final class Counting {
        private final Count known;
        private final String from;
        private final Where where;
        private final int exactLimit;
        private final String key;
        private final Pipeline.Bound<Long> query;

        private Counting(Count known, String from, Where where, int exactLimit, String key, Pipeline.Bound<Long> query) {
            this.known = known;
            this.from = from;
            this.where = where;
            this.exactLimit = exactLimit;
            this.key = key;
            this.query = query;
        }

        /** The counting query, or none when the count is known. */
        public List<Pipeline.Bound<?>> bound() {
            return query == null ? List.of() : List.of(query);
        }

        /** The count, from the results of a pipeline that ran {@link #bound}. */
        public Count count(Handle handle, Pipeline.Results results) {
            if (known != null) {
                return known;
            }
            var exact = results.of(query).get(0);
            if (exact <= exactLimit) {
                return new Count(exact, true);
            }
            OVER_THE_LIMIT.put(key, exact);
            return estimate(handle, from, where, exact);
        }
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
