package hearth.projects;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A project with its customer's and owner's names and its progress: {@code progress} is the share of
 * its tasks that are done, in whole percent, counted by the database with the row.
 */
public record Project(long id, long orgId, String name, String description, Long customerId, String customerName,
                      ProjectStatus status, LocalDate startDate, LocalDate dueDate, Long ownerId, String ownerName,
                      int taskCount, int doneCount, int progress, Instant createdAt, Instant updatedAt) {

    public boolean overdue() {
        return dueDate != null && dueDate.isBefore(LocalDate.now())
                && status != ProjectStatus.COMPLETED && status != ProjectStatus.CANCELLED;
    }
}
