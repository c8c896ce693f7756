package hearth.projects;

import hearth.export.Column;
import hearth.export.ExportDefinition;
import hearth.export.FilterWords;
import hearth.export.NameLookup;
import java.util.List;

/** The project list as CSV and PDF: the list's filters and sorts, these columns. */
public final class ProjectExport {
    public static final ExportDefinition DEFINITION = new ExportDefinition(
            "project", "projects", "Projects",
            ProjectSearch.FILTERS, ProjectSearch.SORTS, ProjectSearch::where,
            """
            from projects p
            left join customers cu on cu.org_id = p.org_id and cu.id = p.customer_id
            left join users o on o.id = p.owner_id
            cross join lateral (
                select count(*) as task_count,
                       count(*) filter (where t.status_rank = 4) as done_count,
                       coalesce(100 * count(*) filter (where t.status_rank = 4) / nullif(count(*), 0), 0) as progress
                from tasks t
                where t.org_id = p.org_id and t.project_id = p.id and t.deleted_at is null) counts
            """,
            "p.id",
            // Customers can be many, so their names come through the join, not a NameLookup.
            List.of(
                    Column.number("id", "p.id").width(4f),
                    Column.text("name", "p.name").width(12),
                    Column.text("description", "p.description").width(18),
                    Column.text("customer", "cu.name").width(10),
                    Column.choice("status", "p.status", ProjectStatus.class, ProjectStatus::label).width(6),
                    Column.date("start date", "p.start_date").width(6),
                    Column.date("due date", "p.due_date").width(6),
                    Column.name("owner", "p.owner_id", NameLookup.USERS).width(8),
                    Column.number("tasks", "counts.task_count").width(4),
                    Column.number("done", "counts.done_count").width(4),
                    Column.number("progress %", "counts.progress").width(5),
                    Column.timestamp("created at", "p.created_at").width(8),
                    Column.timestamp("updated at", "p.updated_at").width(8)),
            List.of(
                    FilterWords.choice("status", "Status", ProjectStatus.class, ProjectStatus::label),
                    FilterWords.names("owner", "Owner", NameLookup.USERS, "No owner"),
                    FilterWords.names("customer", "Customer", NameLookup.CUSTOMERS, "No customer"),
                    FilterWords.dates("due", "Due"),
                    FilterWords.dates("created", "Created"),
                    FilterWords.search()));

    private ProjectExport() {}
}
