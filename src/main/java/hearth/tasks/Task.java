package hearth.tasks;

import java.time.Instant;
import java.time.LocalDate;

/** A task with the names of its project, assignee and creator, as every view shows them. */
public record Task(long id, long orgId, Long projectId, String projectName, String title, String description,
                   TaskStatus status, Priority priority, Long assigneeId, String assigneeName, LocalDate dueDate,
                   double position, Long createdBy, String createdByName, Instant createdAt, Instant updatedAt) {

    public boolean overdue() {
        return dueDate != null && dueDate.isBefore(LocalDate.now())
                && status != TaskStatus.DONE && status != TaskStatus.CANCELLED;
    }
}
