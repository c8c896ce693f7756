package hearth.customers;

import hearth.lists.ByPosition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** A customer with its owner's name, as every view shows it. */
public record Customer(long id, long orgId, String name, String email, String phone, String company,
                       CustomerStatus status, CustomerSource source, Long ownerId, String ownerName, String notes,
                       Instant createdAt, Instant updatedAt) {

    /** The columns of {@link Customers#SELECT}, in its order, read by position (see {@link ByPosition}). */
    public static final RowMapper<Customer> BY_POSITION = ByPosition.mapper(Customer::read);

    /** The org's live customers among {@code ids}, by id (a live event's rows). */
    public static List<Customer> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(Customers.SELECT + " where c.org_id = :orgId and c.id = any(:ids) and c.deleted_at is null order by c.id")
                .bind("orgId", orgId).bind("ids", ids).map(BY_POSITION).list();
    }

    private static Customer read(ResultSet rs, int at) throws SQLException {
        return new Customer(rs.getLong(at + 1), rs.getLong(at + 2), rs.getString(at + 3), rs.getString(at + 4),
                rs.getString(at + 5), rs.getString(at + 6), CustomerStatus.valueOf(rs.getString(at + 7)),
                CustomerSource.valueOf(rs.getString(at + 8)), rs.getObject(at + 9, Long.class), rs.getString(at + 10),
                rs.getString(at + 11), ByPosition.instant(rs.getTimestamp(at + 12)), ByPosition.instant(rs.getTimestamp(at + 13)));
    }
}
