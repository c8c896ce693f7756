package hearth.tasks;

import hearth.lists.ByPosition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** A task with the names of its project, assignee and creator, as every view shows them. */
public record Task(long id, long orgId, Long projectId, String projectName, String title, String description,
                   TaskStatus status, Priority priority, Long assigneeId, String assigneeName, LocalDate dueDate,
                   double position, Long createdBy, String createdByName, Instant createdAt, Instant updatedAt) {

    /** The columns of {@link Tasks#SELECT}, in its order, read by position (see {@link ByPosition}). */
    public static final RowMapper<Task> BY_POSITION = ByPosition.mapper(Task::read);

    /** The org's live task, read on the caller's handle (every change of a task reads it before and after). */
    public static Optional<Task> find(Handle handle, long orgId, long id) {
        return handle.createQuery(Tasks.SELECT + " where t.org_id = :orgId and t.id = :id and t.deleted_at is null")
                .bind("orgId", orgId).bind("id", id).map(BY_POSITION).findOne();
    }

    /** The org's live tasks among {@code ids}, by id (a live event's rows). */
    public static List<Task> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(Tasks.SELECT + " where t.org_id = :orgId and t.id = any(:ids) and t.deleted_at is null order by t.id")
                .bind("orgId", orgId).bind("ids", ids).map(BY_POSITION).list();
    }

    private static Task read(ResultSet rs, int at) throws SQLException {
        return new Task(rs.getLong(at + 1), rs.getLong(at + 2), rs.getObject(at + 3, Long.class), rs.getString(at + 4),
                rs.getString(at + 5), rs.getString(at + 6), TaskStatus.valueOf(rs.getString(at + 7)),
                Priority.valueOf(rs.getString(at + 8)), rs.getObject(at + 9, Long.class), rs.getString(at + 10),
                rs.getObject(at + 11, LocalDate.class), rs.getDouble(at + 12), rs.getObject(at + 13, Long.class),
                rs.getString(at + 14), ByPosition.instant(rs.getTimestamp(at + 15)), ByPosition.instant(rs.getTimestamp(at + 16)));
    }


    public boolean overdue() {
        return dueDate != null && dueDate.isBefore(LocalDate.now())
                && status != TaskStatus.DONE && status != TaskStatus.CANCELLED;
    }
}
