package hearth.orgs;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Organization.class)
@RegisterConstructorMapper(Membership.class)
@RegisterConstructorMapper(Member.class)
public interface Organizations {

    String COLUMNS = "id, name, slug, plan, created_at, assistant_name, assistant_fallback";
    String MEMBERSHIP_COLUMNS = """
            o.id as org_id, o.name as org_name, o.slug as org_slug, o.plan as org_plan,
            o.created_at as org_created_at, o.assistant_name as org_assistant_name,
            o.assistant_fallback as org_assistant_fallback, m.role
            """;

    /** The only way an org-scoped request finds its org: through the caller's own membership. */
    @SqlQuery("select " + MEMBERSHIP_COLUMNS + """
            from organizations o join memberships m on m.org_id = o.id
            where o.slug = :slug and m.user_id = :userId
            """)
    Optional<Membership> membership(@Bind("slug") String slug, @Bind("userId") long userId);

    @SqlQuery("select " + MEMBERSHIP_COLUMNS + """
            from organizations o join memberships m on m.org_id = o.id
            where m.user_id = :userId order by lower(o.name), o.id
            """)
    List<Membership> membershipsOf(@Bind("userId") long userId);

    @SqlQuery("select exists (select 1 from organizations where slug = :slug)")
    boolean slugTaken(@Bind("slug") String slug);

    @SqlQuery("insert into organizations (name, slug) values (:name, :slug) on conflict (slug) do nothing returning " + COLUMNS)
    Optional<Organization> insert(@Bind("name") String name, @Bind("slug") String slug);

    @SqlUpdate("insert into memberships (org_id, user_id, role) values (:orgId, :userId, :role) on conflict do nothing")
    int addMember(@Bind("orgId") long orgId, @Bind("userId") long userId, @Bind("role") OrgRole role);

    @SqlQuery("update organizations set name = :name, updated_at = now() where id = :id returning " + COLUMNS)
    Organization rename(@Bind("id") long id, @Bind("name") String name);


    @SqlQuery("""
            select u.id as user_id, u.name, u.email, m.role, m.created_at as joined_at
            from memberships m join users u on u.id = m.user_id
            where m.org_id = :orgId and m.user_id = :userId
            """)
    Optional<Member> member(@Bind("orgId") long orgId, @Bind("userId") long userId);

    /** Locks the owners' rows so two concurrent role changes cannot both remove the last owner. */
    @SqlQuery("select count(*) from (select 1 from memberships where org_id = :orgId and role = 'OWNER' for update) owners")
    int ownerCount(@Bind("orgId") long orgId);

    @SqlUpdate("update memberships set role = :role where org_id = :orgId and user_id = :userId")
    int changeRole(@Bind("orgId") long orgId, @Bind("userId") long userId, @Bind("role") OrgRole role);

    @SqlUpdate("delete from memberships where org_id = :orgId and user_id = :userId")
    int removeMember(@Bind("orgId") long orgId, @Bind("userId") long userId);

    @SqlQuery("select " + COLUMNS + " from organizations order by lower(name), id limit :limit")
    List<Organization> all(@Bind("limit") int limit);

    @SqlQuery("select " + COLUMNS + " from organizations where id = :id")
    Optional<Organization> byId(@Bind("id") long id);

    @SqlQuery("update organizations set plan = :plan, updated_at = now() where id = :id returning " + COLUMNS)
    Optional<Organization> changePlan(@Bind("id") long id, @Bind("plan") Plan plan);
}
