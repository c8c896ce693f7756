package hearth.tasks;

import hearth.activity.Changes;
import hearth.orgs.Member;
import hearth.projects.ProjectOptions;
import hearth.web.Form;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** A task form as typed, checked against the org: its project and assignee must be the org's own. */
public record TaskInput(String title, String description, Long projectId, TaskStatus status, Priority priority,
                        Long assigneeId, LocalDate dueDate) {

    public static final String[] FIELDS = {"title", "description", "project", "status", "priority", "assignee", "due"};

    public static Form form(Context ctx) {
        return Form.from(ctx, FIELDS);
    }

    public static Form formOf(Task task) {
        return Form.empty()
                .with("title", task.title())
                .with("description", task.description())
                .with("project", task.projectId() == null ? "" : task.projectId().toString())
                .with("status", task.status().name())
                .with("priority", task.priority().name())
                .with("assignee", task.assigneeId() == null ? "" : task.assigneeId().toString())
                .with("due", task.dueDate() == null ? "" : task.dueDate().toString());
    }

    /**
     * Validates the form; null when something is wrong (the form then holds the messages). The project
     * the task already has is accepted even if it was deleted since, so editing the title alone works.
     */
    public static TaskInput validate(Form form, Handle handle, long orgId, List<Member> members, Long unchangedProjectId) {
        form.requireText("title", "Title", 200);
        form.maxLength("description", "Description", 10_000);
        form.requireOneOf("status", "Status", Arrays.stream(TaskStatus.values()).map(Enum::name).toList());
        form.requireOneOf("priority", "Priority", Arrays.stream(Priority.values()).map(Enum::name).toList());
        var projectId = form.optionalId("project", "Choose a project from the list.");
        if (projectId != null && !projectId.equals(unchangedProjectId) && !ProjectOptions.exists(handle, orgId, projectId)) {
            form.reject("project", "Choose a project from the list.");
        }
        var assigneeId = form.optionalId("assignee", "Choose a member of this organization.");
        if (assigneeId != null && !Member.isAmong(members, assigneeId)) {
            form.reject("assignee", "Choose a member of this organization.");
        }
        var due = form.optionalDate("due");
        if (!form.valid()) {
            return null;
        }
        return new TaskInput(form.trimmed("title"), form.value("description").strip(), projectId,
                TaskStatus.valueOf(form.value("status")), Priority.valueOf(form.value("priority")), assigneeId, due);
    }

    /** "status: To do → Done; assignee: Ann → Bob" for the activity log. */
    public String changesFrom(Task before, String assigneeName, String projectName) {
        return new Changes()
                .field("title", before.title(), title)
                .field("status", before.status().label(), status.label())
                .field("priority", before.priority().label(), priority.label())
                .field("assignee", Changes.orNobody(before.assigneeName()), Changes.orNobody(assigneeName))
                .field("project", Changes.orNobody(before.projectName()), Changes.orNobody(projectName))
                .field("due", Changes.orNone(before.dueDate()), Changes.orNone(dueDate))
                .text("description", before.description(), description)
                .summary();
    }
}
