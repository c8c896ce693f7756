package hearth.tasks;

import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Search;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

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
            return new Result(page(handle, where, query), Keyset.count(handle, FROM, where, EXACT_COUNT));
        }
        // A rare word's matches lie scattered along every sort index, so walking one to fill a page
        // can read tens of thousands of rows. Find the matches through the text index first; when
        // there are few, the page only sorts those.
        var ids = Keyset.matchingIds(handle, FROM, "t.id", where, EXACT_COUNT);
        if (ids.size() <= EXACT_COUNT) {
            var narrowed = where.copy().and("t.id = any(:matchIds)", "matchIds", ids.toArray(Long[]::new));
            return new Result(page(handle, narrowed, query), new Keyset.Count(ids.size(), true));
        }
        return new Result(page(handle, where, query), Keyset.estimate(handle, FROM, where, ids.size()));
    }

    private static Keyset.Page<Task> page(Handle handle, Where where, ListQuery query) {
        return Keyset.page(handle, Tasks.SELECT, "t.id", where, query.sort(), query.descending(),
                query.after(), query.before(), query.size(), ConstructorMapper.of(Task.class));
    }
}
