package hearth.projects;

import hearth.db.Pipeline;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The project list's filters, sorts and pages. */
public final class ProjectSearch {
    /** What the Customer filter's finder was given: kept in the URL with the filters, though it filters no project. */
    public static final String CUSTOMER_FINDER = "customer_q";

    public static final Set<String> FILTERS = Set.of("status", "owner", "customer", CUSTOMER_FINDER,
            "due_from", "due_to", "created_from", "created_to");

    /** Updated, created, name, status and due are backed by indexes (V004); the others sort a filtered set. */
    public static final List<SortKey> SORTS = List.of(
            new SortKey("updated", "Updated", "p.updated_at", "timestamptz", true),
            new SortKey("created", "Created", "p.created_at", "timestamptz", true),
            new SortKey("name", "Name", "p.name", "text", false),
            new SortKey("status", "Status", "p.status_rank", "smallint", false),
            new SortKey("due", "Due", "coalesce(p.due_date, 'infinity'::date)", "date", false),
            new SortKey("start", "Start", "coalesce(p.start_date, 'infinity'::date)", "date", false),
            new SortKey("customer", "Customer", "coalesce(cu.name, '')", "text", false),
            new SortKey("owner", "Owner", "coalesce(o.name, '')", "text", false),
            new SortKey("progress", "Progress", "counts.progress", "bigint", true));

    static final String FROM = "from projects p";

    private ProjectSearch() {}

    /** Every filter of the list, always inside the org and never showing deleted rows. */
    public static Where where(long orgId, ListQuery query) {
        var where = new Where()
                .and("p.org_id = :orgId", "orgId", orgId)
                .and("p.deleted_at is null");
        Filters.enumFilter(where, query, "status", "p.status", ProjectStatus.class);
        Filters.idFilter(where, query, "owner", "p.owner_id");
        Filters.idFilter(where, query, "customer", "p.customer_id");
        Filters.dateRange(where, query, "due_from", "due_to", "p.due_date");
        Filters.dateRange(where, query, "created_from", "created_to", "p.created_at");
        Filters.search(where, query, "p.search");
        return where;
    }

    /** A page of the list, its count, and {@code along}, whatever else the page shows (see {@link Keyset#list}). */
    public static Keyset.Listing<Project> search(Handle handle, long orgId, ListQuery query, List<Pipeline.Bound<?>> along) {
        var where = where(orgId, query);
        return Keyset.list(handle, Keyset.query(Projects.SELECT, "p.id", where, query.sort(), query.descending(),
                query.after(), query.before(), query.size(), Project.BY_POSITION),
                Keyset.counting(handle, FROM, where, 1000), page -> along);
    }
}
