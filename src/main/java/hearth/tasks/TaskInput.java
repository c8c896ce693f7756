package hearth.tasks;

import hearth.orgs.Member;
import hearth.projects.ProjectOptions;
import hearth.web.Form;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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

    /** Validates the form; null when something is wrong (the form then holds the messages). */
    public static TaskInput validate(Form form, Handle handle, long orgId, List<Member> members) {
        form.requireText("title", "Title", 200);
        if (form.value("description").length() > 10_000) {
            form.reject("description", "Description must be at most 10,000 characters.");
        }
        form.requireOneOf("status", "Status", Arrays.stream(TaskStatus.values()).map(Enum::name).toList());
        form.requireOneOf("priority", "Priority", Arrays.stream(Priority.values()).map(Enum::name).toList());
        var projectId = optionalId(form, "project", "Choose a project from the list.");
        if (projectId != null && !handle.attach(ProjectOptions.class).exists(orgId, projectId)) {
            form.reject("project", "Choose a project from the list.");
        }
        var assigneeId = optionalId(form, "assignee", "Choose a member of this organization.");
        if (assigneeId != null && members.stream().noneMatch(m -> m.userId() == assigneeId)) {
            form.reject("assignee", "Choose a member of this organization.");
        }
        LocalDate due = null;
        if (!form.trimmed("due").isEmpty()) {
            try {
                due = LocalDate.parse(form.trimmed("due"));
            } catch (DateTimeParseException e) {
                form.reject("due", "Enter a date like 2026-12-31.");
            }
        }
        if (!form.valid()) {
            return null;
        }
        return new TaskInput(form.trimmed("title"), form.value("description").strip(), projectId,
                TaskStatus.valueOf(form.value("status")), Priority.valueOf(form.value("priority")), assigneeId, due);
    }

    private static Long optionalId(Form form, String field, String message) {
        var value = form.trimmed(field);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            form.reject(field, message);
            return null;
        }
    }

    /** "status: To do → Done; assignee: Ann → Bob" for the activity log. */
    public String changesFrom(Task before, String assigneeName, String projectName) {
        var changes = new StringBuilder();
        change(changes, "title", before.title(), title);
        change(changes, "status", before.status().label(), status.label());
        change(changes, "priority", before.priority().label(), priority.label());
        change(changes, "assignee", nameOr(before.assigneeName()), nameOr(assigneeName));
        change(changes, "project", nameOr(before.projectName()), nameOr(projectName));
        change(changes, "due", before.dueDate() == null ? "none" : before.dueDate().toString(),
                dueDate == null ? "none" : dueDate.toString());
        if (!before.description().equals(description)) {
            append(changes, "description edited");
        }
        return changes.length() == 0 ? "no changes" : changes.toString();
    }

    private static String nameOr(String name) {
        return name == null ? "nobody" : name;
    }

    private static void change(StringBuilder changes, String field, String before, String after) {
        if (!before.equals(after)) {
            append(changes, field + ": " + before + " → " + after);
        }
    }

    private static void append(StringBuilder changes, String text) {
        if (changes.length() > 0) {
            changes.append("; ");
        }
        changes.append(text);
    }
}
