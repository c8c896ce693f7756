package hearth.tasks;

import java.time.LocalDate;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface Tasks {

    String SELECT = """
            select t.id, t.org_id, t.project_id, p.name as project_name, t.title, t.description, t.status,
                   t.priority, t.assignee_id, a.name as assignee_name, t.due_date, t.position, t.created_by,
                   c.name as created_by_name, t.created_at, t.updated_at
            from tasks t
            left join projects p on p.id = t.project_id
            left join users a on a.id = t.assignee_id
            left join users c on c.id = t.created_by
            """;


    /** New tasks go to the bottom of their board column. */
    @SqlQuery("""
            insert into tasks (org_id, project_id, title, description, status, priority, assignee_id, due_date,
                               position, created_by)
            values (:orgId, :projectId, :title, :description, :status, :priority, :assigneeId, :dueDate,
                    coalesce((select max(position) from tasks where org_id = :orgId and status = :status
                              and deleted_at is null), 0) + 1024, :createdBy)
            returning id
            """)
    long insert(@Bind("orgId") long orgId, @Bind("projectId") Long projectId, @Bind("title") String title,
                @Bind("description") String description, @Bind("status") TaskStatus status,
                @Bind("priority") Priority priority, @Bind("assigneeId") Long assigneeId,
                @Bind("dueDate") LocalDate dueDate, @Bind("createdBy") long createdBy);

    @SqlUpdate("""
            update tasks set project_id = :projectId, title = :title, description = :description, status = :status,
                   priority = :priority, assignee_id = :assigneeId, due_date = :dueDate, updated_at = now()
            where org_id = :orgId and id = :id and deleted_at is null
            """)
    int update(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("projectId") Long projectId,
               @Bind("title") String title, @Bind("description") String description,
               @Bind("status") TaskStatus status, @Bind("priority") Priority priority,
               @Bind("assigneeId") Long assigneeId, @Bind("dueDate") LocalDate dueDate);

    @SqlUpdate("""
            update tasks set status = :status, position = :position, updated_at = now()
            where org_id = :orgId and id = :id and deleted_at is null
            """)
    int move(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("status") TaskStatus status,
             @Bind("position") double position);

    @SqlQuery("""
            select position from tasks
            where org_id = :orgId and id = :id and deleted_at is null
            """)
    Optional<Double> position(@Bind("orgId") long orgId, @Bind("id") long id);
}
