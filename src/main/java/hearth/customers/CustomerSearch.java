package hearth.customers;

import hearth.db.Pipeline;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.SortKey;
import hearth.lists.Where;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The customer list's filters, sorts and pages. */
public final class CustomerSearch {
    public static final Set<String> FILTERS = Set.of("status", "source", "owner", "created_from", "created_to");

    /** Updated, created, name, company and status are backed by indexes (V004); the others sort a filtered set. */
    public static final List<SortKey> SORTS = List.of(
            new SortKey("updated", "Updated", "c.updated_at", "timestamptz", true),
            new SortKey("created", "Created", "c.created_at", "timestamptz", true),
            new SortKey("name", "Name", "c.name", "text", false),
            new SortKey("company", "Company", "c.company", "text", false),
            new SortKey("email", "Email", "c.email", "text", false),
            new SortKey("status", "Status", "c.status_rank", "smallint", false),
            new SortKey("source", "Source", "c.source", "text", false),
            new SortKey("owner", "Owner", "coalesce(o.name, '')", "text", false));

    static final String FROM = "from customers c";

    private CustomerSearch() {}

    /** Every filter of the list, always inside the org and never showing deleted rows. */
    public static Where where(long orgId, ListQuery query) {
        var where = new Where()
                .and("c.org_id = :orgId", "orgId", orgId)
                .and("c.deleted_at is null");
        Filters.enumFilter(where, query, "status", "c.status", CustomerStatus.class);
        Filters.enumFilter(where, query, "source", "c.source", CustomerSource.class);
        Filters.idFilter(where, query, "owner", "c.owner_id");
        Filters.dateRange(where, query, "created_from", "created_to", "c.created_at");
        Filters.search(where, query, "c.search");
        return where;
    }

    /** A page of the list, its count, and {@code along}, whatever else the page shows (see {@link Keyset#list}). */
    public static Keyset.Listing<Customer> search(Handle handle, long orgId, ListQuery query, List<Pipeline.Bound<?>> along) {
        var where = where(orgId, query);
        return Keyset.list(handle, Keyset.query(Customers.SELECT, "c.id", where, query.sort(), query.descending(),
                query.after(), query.before(), query.size(), Customer.BY_POSITION),
                Keyset.counting(handle, FROM, where, 1000), page -> along);
    }
}
