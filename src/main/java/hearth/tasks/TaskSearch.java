package hearth.tasks;

import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Search;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The task list's filters, sorts and pages. */
public final class TaskSearch {
    public static final Set<String> FILTERS = Set.of("status", "priority", "assignee", "project",
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
    private static final String NAMES = """
            select true as project, id, name from projects where org_id = :orgId and id = any(:projectIds)
            union all
            select false, id, name from users where id = any(:userIds)
            """;
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

    /** One page of the list and the number of matches. */
    public record Result(Keyset.Page<Task> page, Keyset.Count count) {}

    public static Result search(Handle handle, long orgId, ListQuery query) {
        var where = where(orgId, query);
        if (Search.prefixQuery(query.q()) == null) {
            return new Result(page(handle, orgId, where, query), Keyset.count(handle, FROM, where, EXACT_COUNT));
        }
        // A rare word's matches lie scattered along every sort index, so walking one to fill a page
        // can read tens of thousands of rows. Find the matches through the text index first; when
        // there are few, the page only sorts those.
        var ids = Keyset.matchingIds(handle, FROM, "t.id", where, EXACT_COUNT);
        if (ids.size() <= EXACT_COUNT) {
            var narrowed = where.copy().and("t.id = any(:matchIds)", "matchIds", ids.toArray(Long[]::new));
            return new Result(page(handle, orgId, narrowed, query), new Keyset.Count(ids.size(), true));
        }
        return new Result(page(handle, orgId, where, query), Keyset.estimate(handle, FROM, where, ids.size()));
    }

    private static Keyset.Page<Task> page(Handle handle, long orgId, Where where, ListQuery query) {
        if (SORTS_BY_NAME.contains(query.sort().name())) {
            return Keyset.page(handle, Tasks.SELECT, "t.id", where, query.sort(), query.descending(),
                    query.after(), query.before(), query.size(), Task.BY_POSITION);
        }
        var page = Keyset.page(handle, ROWS, "t.id", where, query.sort(), query.descending(),
                query.after(), query.before(), query.size(), Task.BY_POSITION);
        return page.empty() ? page : new Keyset.Page<>(withNames(handle, orgId, page.rows()), page.next(), page.previous());
    }

    private record Name(boolean project, long id, String name) {}

    /** The rows' project and assignee names, looked up by id for the page's rows only. */
    private static List<Task> withNames(Handle handle, long orgId, List<Task> tasks) {
        var projects = new HashMap<Long, String>();
        var users = new HashMap<Long, String>();
        handle.createQuery(NAMES)
                .bind("orgId", orgId)
                .bind("projectIds", tasks.stream().map(Task::projectId).filter(Objects::nonNull).distinct().toArray(Long[]::new))
                .bind("userIds", tasks.stream().map(Task::assigneeId).filter(Objects::nonNull).distinct().toArray(Long[]::new))
                .map((rs, ctx) -> new Name(rs.getBoolean("project"), rs.getLong("id"), rs.getString("name")))
                .forEach(name -> (name.project() ? projects : users).put(name.id(), name.name()));
        return tasks.stream().map(t -> new Task(t.id(), t.orgId(), t.projectId(), projects.get(t.projectId()), t.title(),
                t.description(), t.status(), t.priority(), t.assigneeId(), users.get(t.assigneeId()), t.dueDate(),
                t.position(), t.createdBy(), t.createdByName(), t.createdAt(), t.updatedAt())).toList();
    }
}
