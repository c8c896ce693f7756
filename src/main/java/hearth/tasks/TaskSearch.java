package hearth.tasks;

import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
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

    public static Keyset.Page<Task> page(Handle handle, long orgId, ListQuery query) {
        return Keyset.page(handle, Tasks.SELECT, "t.id", where(orgId, query), query.sort(), query.descending(),
                query.after(), query.before(), query.size(), ConstructorMapper.of(Task.class));
    }

    public static Keyset.Count count(Handle handle, long orgId, ListQuery query) {
        return Keyset.count(handle, FROM, where(orgId, query), 1000);
    }
}
