package hearth.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(User.class)
public interface Users {

    String COLUMNS = "id, email, name, platform_role, created_at";

    @SqlQuery("select " + COLUMNS + " from users where id = :id")
    Optional<User> byId(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from users where lower(email) = lower(:email)")
    Optional<User> byEmail(@Bind("email") String email);

    @SqlQuery("select password_hash from users where id = :id")
    String passwordHash(@Bind("id") long id);

    /** Serializes concurrent sign-ups so exactly one of them can become the first account. */
    @SqlUpdate("select pg_advisory_xact_lock(hashtext('hearth.first-account'))")
    void lockFirstAccountDecision();

    @SqlQuery("select not exists (select 1 from users)")
    boolean noneYet();

    @SqlQuery("""
            insert into users (email, name, password_hash, platform_role)
            values (:email, :name, :passwordHash, :role)
            """ + " returning " + COLUMNS)
    User insert(@Bind("email") String email, @Bind("name") String name,
                @Bind("passwordHash") String passwordHash, @Bind("role") PlatformRole role);

    @SqlUpdate("update users set password_hash = :passwordHash, updated_at = now() where id = :id")
    void updatePassword(@Bind("id") long id, @Bind("passwordHash") String passwordHash);

    @SqlUpdate("update users set platform_role = :role, updated_at = now() where id = :id")
    int updatePlatformRole(@Bind("id") long id, @Bind("role") PlatformRole role);

    @SqlQuery("select count(*) from users where platform_role = 'PLATFORM_ADMIN'")
    int platformAdminCount();

    @SqlQuery("select " + COLUMNS + " from users order by created_at, id limit :limit")
    List<User> all(@Bind("limit") int limit);
}
