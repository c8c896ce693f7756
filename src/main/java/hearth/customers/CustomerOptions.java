package hearth.customers;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(CustomerOption.class)
public interface CustomerOptions {
    /** Enough for a select; orgs with more customers than this pick from the most recently updated. */
    int LIMIT = 500;

    @SqlQuery("""
            select id, name from (
                select id, name from customers
                where org_id = :orgId and deleted_at is null
                order by updated_at desc, id desc limit :limit) recent
            order by lower(name), id
            """)
    List<CustomerOption> options(@Bind("orgId") long orgId, @Bind("limit") int limit);

    /** The most recently updated customers plus the ones a filter already names, so a choice never drops out. */
    @SqlQuery("""
            select id, name from (
                (select id, name from customers
                 where org_id = :orgId and deleted_at is null
                 order by updated_at desc, id desc limit :limit)
                union
                (select id, name from customers where org_id = :orgId and id = any(:selected))) chosen
            order by lower(name), id
            """)
    List<CustomerOption> filterOptions(@Bind("orgId") long orgId, @Bind("limit") int limit,
                                       @Bind("selected") Long[] selected);

    @SqlQuery("select exists (select 1 from customers where org_id = :orgId and id = :id and deleted_at is null)")
    boolean exists(@Bind("orgId") long orgId, @Bind("id") long id);
}
