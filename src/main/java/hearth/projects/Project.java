package hearth.projects;

import hearth.lists.ByPosition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A project with its customer's and owner's names and its progress: {@code progress} is the share of
 * its tasks that are done, in whole percent, counted by the database with the row.
 */
public record Project(long id, long orgId, String name, String description, Long customerId, String customerName,
                      ProjectStatus status, LocalDate startDate, LocalDate dueDate, Long ownerId, String ownerName,
                      int taskCount, int doneCount, int progress, Instant createdAt, Instant updatedAt) {

    /** The columns of {@link Projects#SELECT}, in its order, read by position (see {@link ByPosition}). */
    public static final RowMapper<Project> BY_POSITION = ByPosition.mapper(Project::read);

    /** The org's live projects among {@code ids}, by id (a live event's rows). */
    public static List<Project> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(Projects.SELECT + " where p.org_id = :orgId and p.id = any(:ids) and p.deleted_at is null order by p.id")
                .bind("orgId", orgId).bind("ids", ids).map(BY_POSITION).list();
    }

    private static Project read(ResultSet rs, int at) throws SQLException {
        return new Project(rs.getLong(at + 1), rs.getLong(at + 2), rs.getString(at + 3), rs.getString(at + 4),
                rs.getObject(at + 5, Long.class), rs.getString(at + 6), ProjectStatus.valueOf(rs.getString(at + 7)),
                rs.getObject(at + 8, LocalDate.class), rs.getObject(at + 9, LocalDate.class), rs.getObject(at + 10, Long.class),
                rs.getString(at + 11), rs.getInt(at + 12), rs.getInt(at + 13), rs.getInt(at + 14),
                ByPosition.instant(rs.getTimestamp(at + 15)), ByPosition.instant(rs.getTimestamp(at + 16)));
    }

    public boolean overdue() {
        return dueDate != null && dueDate.isBefore(LocalDate.now())
                && status != ProjectStatus.COMPLETED && status != ProjectStatus.CANCELLED;
    }
}
