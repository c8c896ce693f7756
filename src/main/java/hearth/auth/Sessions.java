package hearth.auth;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Session.class)
public interface Sessions {

    String COLUMNS = "id, user_id, csrf_token, current_org_id, flash, last_seen_at, expires_at";

    @SqlQuery("select " + COLUMNS + " from sessions where id = :id and expires_at > now()")
    Optional<Session> live(@Bind("id") String id);

    @SqlQuery("""
            insert into sessions (id, user_id, csrf_token, current_org_id, flash, expires_at)
            values (:id, :userId, :csrfToken, :currentOrgId, :flash, now() + make_interval(days => :days))
            """ + " returning " + COLUMNS)
    Session insert(@Bind("id") String id, @Bind("userId") Long userId, @Bind("csrfToken") String csrfToken,
                   @Bind("currentOrgId") Long currentOrgId, @Bind("flash") String flash, @Bind("days") int days);

    @SqlUpdate("update sessions set last_seen_at = now(), expires_at = now() + make_interval(days => :days) where id = :id")
    void touch(@Bind("id") String id, @Bind("days") int days);

    @SqlUpdate("update sessions set flash = :flash where id = :id")
    void setFlash(@Bind("id") String id, @Bind("flash") String flash);

    @SqlQuery("update sessions s set flash = null from sessions old where s.id = :id and old.id = s.id returning old.flash")
    Optional<String> takeFlash(@Bind("id") String id);

    @SqlUpdate("update sessions set current_org_id = :orgId where id = :id")
    void setCurrentOrg(@Bind("id") String id, @Bind("orgId") Long orgId);

    @SqlUpdate("delete from sessions where id = :id")
    void delete(@Bind("id") String id);

    @SqlUpdate("delete from sessions where user_id = :userId and id <> :keep")
    void deleteOthersOf(@Bind("userId") long userId, @Bind("keep") String keep);

    @SqlUpdate("delete from sessions where expires_at < now()")
    int deleteExpired();
}
