package hearth.projects;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(ProjectOption.class)
public interface ProjectOptions {
    /** Enough for a select; orgs with more projects than this pick from the most recently updated. */
    int LIMIT = 500;

    @SqlQuery("""
            select id, name from (
                select id, name from projects
                where org_id = :orgId and deleted_at is null
                order by updated_at desc, id desc limit :limit) recent
            order by lower(name), id
            """)
    List<ProjectOption> options(@Bind("orgId") long orgId, @Bind("limit") int limit);

    @SqlQuery("select exists (select 1 from projects where org_id = :orgId and id = :id and deleted_at is null)")
    boolean exists(@Bind("orgId") long orgId, @Bind("id") long id);
}
