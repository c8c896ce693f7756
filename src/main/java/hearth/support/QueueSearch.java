package hearth.support;

import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Search;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The support queue's filters, search, sorts and pages. The queue spans every org: it is for the
 * support team only (Access.SUPPORT_STAFF), so no query here is scoped by org unless a filter asks.
 */
public final class QueueSearch {
    public static final Set<String> FILTERS = Set.of("status", "priority", "assignee", "tag", "org",
            "created_from", "created_to", "show");
    public static final List<String> STATUSES = List.of("open", "pending", "in_progress", "closed");
    public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    /** Hidden from the queue unless asked for with {@code show}. */
    public static final List<String> SHOWABLE = List.of("archived", "merged");
    public static final String ME = "me";
    static final Pattern TAG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,29}$");

    /**
     * Relevance needs a search ({@code :q} is bound by the search filter): words in the subject weigh
     * most (weight A), then how often the words come up in the messages.
     */
    private static final SortKey RELEVANCE = new SortKey("relevance", "Relevance",
            "ts_rank(c.search, to_tsquery('simple', :q))", "real", true);
    public static final List<SortKey> SORTS = List.of(
            new SortKey("activity", "Last activity", "c.last_message_at", "timestamptz", true),
            new SortKey("created", "Created", "c.created_at", "timestamptz", true),
            new SortKey("priority", "Priority", "array_position(array['low','normal','high','urgent'], c.priority)",
                    "integer", true),
            new SortKey("status", "Status", "array_position(array['open','pending','in_progress','closed'], c.status)",
                    "integer", false),
            new SortKey("subject", "Subject", "c.subject", "text", false),
            RELEVANCE);

    static final String FROM = "from support_conversations c";
    /** Up to this many matches are counted exactly (each one is read); above, the planner estimates. */
    public static final int EXACT_COUNT = 500;
    /** A search with more matches ranks the most recently active this many by relevance (see {@link #search}). */
    public static final int RANKED = 1000;

    private QueueSearch() {}

    public static ListQuery query(io.javalin.http.Context ctx) {
        return ListQuery.from(ctx, "/admin/support", FILTERS, SORTS);
    }

    /** Every filter of the queue; {@code agentId} is who "me" is. Merged and archived ones only when shown. */
    public static Where where(ListQuery query, long agentId) {
        var where = new Where();
        if (!query.has("show", "merged")) {
            where.and("c.merged_into is null");
        }
        if (!query.has("show", "archived")) {
            where.and("c.archived_at is null");
        }
        choice(where, query, "status", "c.status", STATUSES);
        choice(where, query, "priority", "c.priority", PRIORITIES);
        assignee(where, query, agentId);
        var tags = tags(query);
        if (tags.length > 0) {
            where.and("c.tags && cast(:tag as text[])", "tag", tags);
        }
        Filters.idFilter(where, query, "org", "c.org_id");
        Filters.dateRange(where, query, "created_from", "created_to", "c.created_at");
        var tsquery = Search.prefixQuery(query.q());
        if (tsquery != null) {
            where.and("c.search @@ to_tsquery('simple', :q)", "q", tsquery);
        }
        return where;
    }

    /** The tags chosen in the URL, those that could be tags. */
    public static String[] tags(ListQuery query) {
        return query.values("tag").stream().map(String::toLowerCase).filter(tag -> TAG.matcher(tag).matches())
                .toArray(String[]::new);
    }

    private static void choice(Where where, ListQuery query, String name, String column, List<String> allowed) {
        var values = query.values(name).stream().filter(allowed::contains).toArray(String[]::new);
        if (values.length > 0) {
            where.anyOf(column, name, values);
        }
    }

    /** "me", "none" (unassigned) and agents' ids, any mix of them. */
    private static void assignee(Where where, ListQuery query, long agentId) {
        var ids = Arrays.asList(Filters.ids(query, "assignee"));
        var chosen = new java.util.ArrayList<>(ids);
        if (query.has("assignee", ME)) {
            chosen.add(agentId);
        }
        var none = Filters.includesNone(query, "assignee");
        var array = chosen.toArray(Long[]::new);
        if (array.length > 0 && none) {
            where.and("(c.assignee_id = any(:assignee) or c.assignee_id is null)", "assignee", array);
        } else if (array.length > 0) {
            where.anyOf("c.assignee_id", "assignee", array);
        } else if (none) {
            where.and("c.assignee_id is null");
        }
    }

    /** The sort asked for; relevance without a search means nothing, so it falls back to last activity. */
    public static SortKey sort(ListQuery query) {
        var sort = query.sort();
        return sort == RELEVANCE && Search.prefixQuery(query.q()) == null ? SORTS.get(0) : sort;
    }

    public static boolean descending(ListQuery query) {
        return sort(query) == query.sort() ? query.descending() : SORTS.get(0).defaultDescending();
    }

    /**
     * One page of the queue (with each row's tags) and the number of matches; {@code rankedNewest}: the
     * page ranks only the {@link #RANKED} most recently active of more matches (see {@link #search}).
     */
    public record Result(Keyset.Page<QueueRow> page, Keyset.Count count, boolean rankedNewest) {}

    public static Result search(Handle handle, ListQuery query, long agentId) {
        var where = where(query, agentId);
        if (Search.prefixQuery(query.q()) == null) {
            return new Result(page(handle, where, query), Keyset.count(handle, FROM, where, EXACT_COUNT), false);
        }
        var fromTheTop = sort(query) == SORTS.get(0) && descending(query) && query.after() == null && query.before() == null;
        if (fromTheTop) {
            var estimate = Keyset.estimate(handle, FROM, where, 0);
            if (estimate.value() > 2L * RANKED) {
                // A common word: the page is its first matches down the last-activity index (0.5 ms), and
                // the count is the planner's. Its estimate of a word comes from the text index's
                // statistics of the most common words and is close for those (10,063 for 10,330 matches,
                // 1,043 for 1,101 in the benchmark's data); a rarer word is estimated low and read below.
                // Reading a common word's first thousand matches, to count them, took 8–15 ms.
                var newest = newestMatches(handle, where, query.size() + 1);
                var top = where.copy().and("c.id = any(:matchIds)", "matchIds", newest.toArray(Long[]::new));
                return new Result(page(handle, top, query),
                        newest.size() <= query.size() ? new Keyset.Count(newest.size(), true) : estimate, false);
            }
        }
        var newest = newestMatches(handle, where, RANKED + 1);
        var exact = newest.size() <= RANKED;
        if (fromTheTop) {
            // Newest first from the top: the newest matches are this page (and the row that says there is
            // a next one), so only those rows are read.
            var top = where.copy().and("c.id = any(:matchIds)", "matchIds",
                    newest.subList(0, Math.min(newest.size(), query.size() + 1)).toArray(Long[]::new));
            return new Result(page(handle, top, query), exact ? new Keyset.Count(newest.size(), true)
                    : Keyset.estimate(handle, FROM, where, newest.size()), false);
        }
        if (exact) {
            // A rare word: its few matches come from the text index, and the page sorts only those.
            var narrowed = where.copy().and("c.id = any(:matchIds)", "matchIds", newest.toArray(Long[]::new));
            return new Result(page(handle, narrowed, query), new Keyset.Count(newest.size(), true), false);
        }
        var count = Keyset.estimate(handle, FROM, where, newest.size());
        if (sort(query) == RELEVANCE) {
            // Ranking every match of a common word means reading every one's text vector (tens of
            // thousands); the most recently active thousand are ranked instead, and the page says so.
            var ranked = where.copy().and("c.id = any(:matchIds)", "matchIds",
                    newest.subList(0, RANKED).toArray(Long[]::new));
            return new Result(page(handle, ranked, query), count, true);
        }
        return new Result(page(handle, where, query), count, false);
    }

    /**
     * The ids of up to {@code limit} matches, most recently active first. The planner picks by the
     * words' statistics: a common word's are the first rows of the last-activity index, a rare word's
     * come from the text index and are sorted.
     */
    private static List<Long> newestMatches(Handle handle, Where where, int limit) {
        return where.bindTo(handle.createQuery("select c.id " + FROM + " where " + where.sql()
                        + " order by c.last_message_at desc, c.id desc limit :newestLimit"))
                .bind("newestLimit", limit)
                .mapTo(Long.class).list();
    }

    private static Keyset.Page<QueueRow> page(Handle handle, Where where, ListQuery query) {
        var sort = sort(query);
        var after = query.after();
        var before = query.before();
        if (sort != query.sort()) {
            after = null;
            before = null;
        }
        // The page's ids first, from the indexes alone where they can (no joins, and no row read only to
        // be filtered out, as a tag filter would otherwise read thirty rows for each it keeps); then
        // those rows, whole.
        var ids = Keyset.page(handle, "select c.id " + FROM, "c.id", where, sort, descending(query), after, before,
                query.size(), (rs, ctx) -> rs.getLong("id"));
        // A row deleted between the two reads is left out.
        return new Keyset.Page<>(QueueRow.inOrder(handle, ids.rows()), ids.next(), ids.previous());
    }

    /** The queue's ORDER BY, id as the tiebreak: the CSV export writes rows in the order the queue shows them. */
    public static String orderBy(ListQuery query) {
        var direction = descending(query) ? " desc" : " asc";
        return sort(query).sql() + direction + ", c.id" + direction;
    }
}
