package hearth.customers;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Customer.class)
public interface Customers {

    String SELECT = """
            select c.id, c.org_id, c.name, c.email, c.phone, c.company, c.status, c.source, c.owner_id,
                   o.name as owner_name, c.notes, c.created_at, c.updated_at
            from customers c
            left join users o on o.id = c.owner_id
            """;

    @SqlQuery(SELECT + " where c.org_id = :orgId and c.id = :id and c.deleted_at is null")
    Optional<Customer> find(@Bind("orgId") long orgId, @Bind("id") long id);


    @SqlQuery("""
            insert into customers (org_id, name, email, phone, company, status, source, owner_id, notes)
            values (:orgId, :name, :email, :phone, :company, :status, :source, :ownerId, :notes)
            returning id
            """)
    long insert(@Bind("orgId") long orgId, @Bind("name") String name, @Bind("email") String email,
                @Bind("phone") String phone, @Bind("company") String company, @Bind("status") CustomerStatus status,
                @Bind("source") CustomerSource source, @Bind("ownerId") Long ownerId, @Bind("notes") String notes);

    @SqlUpdate("""
            update customers set name = :name, email = :email, phone = :phone, company = :company, status = :status,
                   source = :source, owner_id = :ownerId, notes = :notes, updated_at = now()
            where org_id = :orgId and id = :id and deleted_at is null
            """)
    int update(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("name") String name, @Bind("email") String email,
               @Bind("phone") String phone, @Bind("company") String company, @Bind("status") CustomerStatus status,
               @Bind("source") CustomerSource source, @Bind("ownerId") Long ownerId, @Bind("notes") String notes);
}
