package hearth.customers;

import hearth.db.Pipeline;
import hearth.lists.NameFinder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(CustomerOption.class)
public interface CustomerOptions {
    /** Enough for a select; orgs with more customers than this pick from the most recently updated. */
    int LIMIT = 500;
    /** A filter shows fewer, as the task list's projects do: every option is a checkbox on every list page. */
    int FILTER_LIMIT = 100;

    @SqlQuery("""
            select id, name from (
                select id, name from customers
                where org_id = :orgId and deleted_at is null
                order by updated_at desc, id desc limit :limit) recent
            order by lower(name), id
            """)
    List<CustomerOption> options(@Bind("orgId") long orgId, @Bind("limit") int limit);

    /**
     * The most recently updated customers plus the ones a filter already names, so a choice never drops
     * out, to read in a pipeline with the rest of a list page.
     */
    static Pipeline.Bound<CustomerOption> filterOptions(long orgId, int limit, Long[] selected) {
        return new Pipeline.Bound<>(OPTIONS_AND_CHOSEN, Map.of("orgId", orgId, "limit", limit, "selected", selected));
    }

    Pipeline.Query<CustomerOption> OPTIONS_AND_CHOSEN = new Pipeline.Query<>("""
            select id, name from (
                (select id, name from customers
                 where org_id = :orgId and deleted_at is null
                 order by updated_at desc, id desc limit :limit)
                union
                (select id, name from customers where org_id = :orgId and id = any(:selected))) chosen
            order by lower(name), id
            """, (rs, ctx) -> new CustomerOption(rs.getLong(1), rs.getString(2)));

    /**
     * As {@link #filterOptions(long, int, Long[])}, but when something was typed into the filter's finder
     * ({@code find}), the customers whose names match it (see {@link NameFinder}) in place of the most
     * recently updated, plus the chosen ones. With nothing typed it is that very query, and reads nothing now.
     */
    static Pipeline.Bound<CustomerOption> filterOptions(Handle handle, long orgId, int limit, Long[] selected, String find) {
        if (!NameFinder.typed(find)) {
            return filterOptions(orgId, limit, selected);
        }
        var found = NameFinder.ids(handle, "customers", orgId, find, limit);
        return new Pipeline.Bound<>(FOUND_AND_CHOSEN, Map.of("orgId", orgId, "found", found, "selected", selected));
    }

    Pipeline.Query<CustomerOption> FOUND_AND_CHOSEN = new Pipeline.Query<>("""
            select id, name from customers where org_id = :orgId and (id = any(:found) or id = any(:selected))
            order by lower(name), id
            """, (rs, ctx) -> new CustomerOption(rs.getLong(1), rs.getString(2)));

    /**
     * The customer a form names, when it is the org's and not deleted: the form keeps it among its options
     * though it may be older than those offered. A foreign or deleted id is none, so it is never shown.
     */
    default Optional<CustomerOption> chosen(long orgId, Long id) {
        return id == null ? Optional.empty() : find(orgId, id);
    }

    @SqlQuery("select id, name from customers where org_id = :orgId and id = :id and deleted_at is null")
    Optional<CustomerOption> find(@Bind("orgId") long orgId, @Bind("id") long id);

    @SqlQuery("select exists (select 1 from customers where org_id = :orgId and id = :id and deleted_at is null)")
    boolean exists(@Bind("orgId") long orgId, @Bind("id") long id);
}
