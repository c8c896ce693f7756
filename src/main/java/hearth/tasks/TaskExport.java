package hearth.tasks;

import hearth.export.Column;
import hearth.export.ExportDefinition;
import hearth.export.FilterWords;
import hearth.export.NameLookup;
import java.util.List;

/** The task list as CSV and PDF: the list's filters and sorts, these columns. */
public final class TaskExport {
    public static final ExportDefinition DEFINITION = new ExportDefinition(
            "task", "tasks", "Tasks",
            TaskSearch.FILTERS, TaskSearch.SORTS, TaskSearch::where,
            // The joins are there for the assignee and project sorts; an export sorted otherwise skips them.
            """
            from tasks t
            left join projects p on p.id = t.project_id
            left join users a on a.id = t.assignee_id
            """,
            "t.id",
            List.of(
                    Column.number("id", "t.id").width(4.5f),
                    Column.text("title", "t.title").width(13),
                    Column.text("description", "t.description").width(18),
                    Column.choice("status", "t.status", TaskStatus.class, TaskStatus::label).width(6),
                    Column.choice("priority", "t.priority", Priority.class, Priority::label).width(5),
                    Column.name("project", "t.project_id", NameLookup.PROJECTS).width(9),
                    Column.name("assignee", "t.assignee_id", NameLookup.USERS).width(8),
                    Column.date("due date", "t.due_date").width(6),
                    Column.name("created by", "t.created_by", NameLookup.USERS).width(8),
                    Column.timestamp("created at", "t.created_at").width(9.5f),
                    Column.timestamp("updated at", "t.updated_at").width(9.5f)),
            List.of(
                    FilterWords.choice("status", "Status", TaskStatus.class, TaskStatus::label),
                    FilterWords.choice("priority", "Priority", Priority.class, Priority::label),
                    FilterWords.names("assignee", "Assignee", NameLookup.USERS, "Unassigned"),
                    FilterWords.names("project", "Project", NameLookup.PROJECTS, "No project"),
                    FilterWords.dates("due", "Due"),
                    FilterWords.dates("created", "Created"),
                    FilterWords.search()));

    private TaskExport() {}
}
