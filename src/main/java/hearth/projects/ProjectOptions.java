package hearth.projects;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(ProjectOption.class)
public interface ProjectOptions {
    /** Enough for a select; orgs with more projects than this pick from the most recently updated. */
    int LIMIT = 500;
    /** A filter shows fewer: every option is a checkbox on every list page. */
    int FILTER_LIMIT = 100;

    @SqlQuery("""
            select id, name from (
                select id, name from projects
                where org_id = :orgId and deleted_at is null
                order by updated_at desc, id desc limit :limit) recent
            order by lower(name), id
            """)
    List<ProjectOption> options(@Bind("orgId") long orgId, @Bind("limit") int limit);

    /**
     * The most recently updated projects plus the ones a filter already names, so a choice never drops
     * out. Without a choice it is {@link #options}: PostgreSQL keeps a plan for that, while the union
     * with an array of unknown length is planned anew on every list page.
     */
    default List<ProjectOption> filterOptions(long orgId, int limit, Long[] selected) {
        return selected.length == 0 ? options(orgId, limit) : recentAndChosen(orgId, limit, selected);
    }

    @SqlQuery("""
            select id, name from (
                (select id, name from projects
                 where org_id = :orgId and deleted_at is null
                 order by updated_at desc, id desc limit :limit)
                union
                (select id, name from projects where org_id = :orgId and id = any(:selected))) chosen
            order by lower(name), id
            """)
    List<ProjectOption> recentAndChosen(@Bind("orgId") long orgId, @Bind("limit") int limit,
                                        @Bind("selected") Long[] selected);

    @SqlQuery("select exists (select 1 from projects where org_id = :orgId and id = :id and deleted_at is null)")
    boolean exists(@Bind("orgId") long orgId, @Bind("id") long id);
}
