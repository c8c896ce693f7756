package hearth.projects;

import hearth.tasks.Task;
import hearth.tasks.Tasks;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Project.class)
public interface Projects {

    /**
     * Projects with their customer, owner and task counts: what every view of projects reads from.
     * Progress is the whole percent of the project's live tasks that are done (0 without tasks). Counting
     * by {@code status_rank} (4 is DONE) rather than {@code status} lets PostgreSQL answer from the
     * tasks_project_idx index alone, without reading the tasks themselves.
     */
    String FROM = """
            from projects p
            left join customers cu on cu.org_id = p.org_id and cu.id = p.customer_id
            left join users o on o.id = p.owner_id
            cross join lateral (
                select count(*) as task_count,
                       count(*) filter (where t.status_rank = 4) as done_count,
                       coalesce(100 * count(*) filter (where t.status_rank = 4) / nullif(count(*), 0), 0) as progress
                from tasks t
                where t.org_id = p.org_id and t.project_id = p.id and t.deleted_at is null) counts
            """;

    String SELECT = """
            select p.id, p.org_id, p.name, p.description, p.customer_id, cu.name as customer_name, p.status,
                   p.start_date, p.due_date, p.owner_id, o.name as owner_name,
                   counts.task_count, counts.done_count, counts.progress, p.created_at, p.updated_at
            """ + FROM;

    @SqlQuery(SELECT + " where p.org_id = :orgId and p.id = :id and p.deleted_at is null")
    Optional<Project> find(@Bind("orgId") long orgId, @Bind("id") long id);


    /** A customer's projects, most recently updated first. */
    @SqlQuery(SELECT + """
             where p.org_id = :orgId and p.customer_id = :customerId and p.deleted_at is null
             order by p.updated_at desc, p.id desc limit :limit
            """)
    List<Project> ofCustomer(@Bind("orgId") long orgId, @Bind("customerId") long customerId, @Bind("limit") int limit);

    /** A project's tasks in board order. */
    @SqlQuery(Tasks.SELECT + """
             where t.org_id = :orgId and t.project_id = :projectId and t.deleted_at is null
             order by t.status_rank, t.position, t.id limit :limit
            """)
    @RegisterConstructorMapper(Task.class)
    List<Task> tasks(@Bind("orgId") long orgId, @Bind("projectId") long projectId, @Bind("limit") int limit);

    @SqlQuery("""
            insert into projects (org_id, name, description, customer_id, status, start_date, due_date, owner_id)
            values (:orgId, :name, :description, :customerId, :status, :startDate, :dueDate, :ownerId)
            returning id
            """)
    long insert(@Bind("orgId") long orgId, @Bind("name") String name, @Bind("description") String description,
                @Bind("customerId") Long customerId, @Bind("status") ProjectStatus status,
                @Bind("startDate") LocalDate startDate, @Bind("dueDate") LocalDate dueDate,
                @Bind("ownerId") Long ownerId);

    @SqlUpdate("""
            update projects set name = :name, description = :description, customer_id = :customerId,
                   status = :status, start_date = :startDate, due_date = :dueDate, owner_id = :ownerId,
                   updated_at = now()
            where org_id = :orgId and id = :id and deleted_at is null
            """)
    int update(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("name") String name,
               @Bind("description") String description, @Bind("customerId") Long customerId,
               @Bind("status") ProjectStatus status, @Bind("startDate") LocalDate startDate,
               @Bind("dueDate") LocalDate dueDate, @Bind("ownerId") Long ownerId);
}
