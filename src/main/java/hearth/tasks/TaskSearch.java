package hearth.tasks;

import hearth.db.Pipeline;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Search;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The task list's filters, sorts and pages. */
public final class TaskSearch {
    /** What the Project filter's finder was given: kept in the URL with the filters, though it filters no task. */
    public static final String PROJECT_FINDER = "project_q";

    public static final Set<String> FILTERS = Set.of("status", "priority", "assignee", "project", PROJECT_FINDER,
            "due_from", "due_to", "created_from", "created_to");

    public static final List<SortKey> SORTS = List.of(
            new SortKey("updated", "Updated", "t.updated_at", "timestamptz", true),
            new SortKey("created", "Created", "t.created_at", "timestamptz", true),
            new SortKey("title", "Title", "t.title", "text", false),
            new SortKey("status", "Status", "t.status_rank", "smallint", false),
            new SortKey("priority", "Priority", "t.priority_rank", "smallint", true),
            new SortKey("due", "Due", "coalesce(t.due_date, 'infinity'::date)", "date", false),
            new SortKey("assignee", "Assignee", "coalesce(a.name, '')", "text", false),
            new SortKey("project", "Project", "coalesce(p.name, '')", "text", false));

    static final String FROM = "from tasks t";
    /**
     * A list row's columns without the joins: planning the three joins cost PostgreSQL more than
     * running the page (0.5 ms of 1.2 ms), so the names are looked up for the page's rows after it
     * ({@link #NAMES}). A row shows neither the description nor who created the task, and a
     * description can be 10,000 characters: neither is read.
     */
    private static final String ROWS = """
            select t.id, t.org_id, t.project_id, null as project_name, t.title, '' as description, t.status,
                   t.priority, t.assignee_id, null as assignee_name, t.due_date, t.position, t.created_by,
                   null as created_by_name, t.created_at, t.updated_at
            from tasks t
            """;
    private static final Pipeline.Query<Name> NAMES = new Pipeline.Query<>("""
            select true as project, id, name from projects where org_id = :orgId and id = any(:projectIds)
            union all
            select false, id, name from users where id = any(:userIds)
            """, (rs, ctx) -> new Name(rs.getBoolean(1), rs.getLong(2), rs.getString(3)));
    /** Sorting by a name needs the joins in the page query itself. */
    private static final Set<String> SORTS_BY_NAME = Set.of("assignee", "project");
    /** Up to this many matches are counted exactly; above, the planner estimates. */
    static final int EXACT_COUNT = 1000;

    private TaskSearch() {}

    /** Every filter of the list, always inside the org and never showing deleted rows. */
    public static Where where(long orgId, ListQuery query) {
        var where = new Where()
                .and("t.org_id = :orgId", "orgId", orgId)
                .and("t.deleted_at is null");
        Filters.enumFilter(where, query, "status", "t.status", TaskStatus.class);
        Filters.enumFilter(where, query, "priority", "t.priority", Priority.class);
        Filters.idFilter(where, query, "assignee", "t.assignee_id");
        Filters.idFilter(where, query, "project", "t.project_id");
        Filters.dateRange(where, query, "due_from", "due_to", "t.due_date");
        Filters.dateRange(where, query, "created_from", "created_to", "t.created_at");
        Filters.search(where, query, "t.search");
        return where;
    }

    /**
     * A page of the list, its count, and {@code along}, whatever else the page shows (members, project
     * options), read with the names of the page's rows in the second round trip (see {@link Keyset#list}).
     */
    public static Keyset.Listing<Task> search(Handle handle, long orgId, ListQuery query, List<Pipeline.Bound<?>> along) {
        var where = where(orgId, query);
        if (Search.prefixQuery(query.q()) == null) {
            return read(handle, orgId, where, query, Keyset.counting(handle, FROM, where, EXACT_COUNT), along);
        }
        // A rare word's matches lie scattered along every sort index, so walking one to fill a page
        // can read tens of thousands of rows. Find the matches through the text index first; when
        // there are few, the page only sorts those.
        var ids = Keyset.matchingIds(handle, FROM, "t.id", where, EXACT_COUNT);
        if (ids.size() <= EXACT_COUNT) {
            var narrowed = where.copy().and("t.id = any(:matchIds)", "matchIds", ids.toArray(Long[]::new));
            return read(handle, orgId, narrowed, query, Keyset.counted(new Keyset.Count(ids.size(), true)), along);
        }
        return read(handle, orgId, where, query, Keyset.counted(Keyset.estimate(handle, FROM, where, ids.size())), along);
    }

    private static Keyset.Listing<Task> read(Handle handle, long orgId, Where where, ListQuery query,
                                             Keyset.Counting counting, List<Pipeline.Bound<?>> along) {
        var byName = SORTS_BY_NAME.contains(query.sort().name());
        var listing = Keyset.list(handle, Keyset.query(byName ? Tasks.SELECT : ROWS, "t.id", where, query.sort(),
                query.descending(), query.after(), query.before(), query.size(), Task.BY_POSITION), counting, page -> {
                    if (byName || page.empty()) {
                        return along;
                    }
                    var reads = new ArrayList<>(along);
                    reads.add(names(orgId, page.rows()));
                    return reads;
                });
        var page = listing.page();
        if (byName || page.empty()) {
            return listing;
        }
        var named = new Keyset.Page<>(withNames(page.rows(), listing.along().of(NAMES)), page.next(), page.previous());
        return new Keyset.Listing<>(named, listing.count(), listing.along());
    }

    private record Name(boolean project, long id, String name) {}

    /** The names of the rows' projects and assignees, looked up by id for the page's rows only. */
    private static Pipeline.Bound<Name> names(long orgId, List<Task> tasks) {
        return new Pipeline.Bound<>(NAMES, Map.of("orgId", orgId,
                "projectIds", tasks.stream().map(Task::projectId).filter(Objects::nonNull).distinct().toArray(Long[]::new),
                "userIds", tasks.stream().map(Task::assigneeId).filter(Objects::nonNull).distinct().toArray(Long[]::new)));
    }

    private static List<Task> withNames(List<Task> tasks, List<Name> names) {
        var projects = new HashMap<Long, String>();
        var users = new HashMap<Long, String>();
        names.forEach(name -> (name.project() ? projects : users).put(name.id(), name.name()));
        return tasks.stream().map(t -> new Task(t.id(), t.orgId(), t.projectId(), projects.get(t.projectId()), t.title(),
                t.description(), t.status(), t.priority(), t.assigneeId(), users.get(t.assigneeId()), t.dueDate(),
                t.position(), t.createdBy(), t.createdByName(), t.createdAt(), t.updatedAt())).toList();
    }
}
