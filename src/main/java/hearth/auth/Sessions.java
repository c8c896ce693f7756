package hearth.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The rarer session statements; the ones every action runs are in {@link SessionManager}. */
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

    @SqlUpdate("update sessions set current_org_id = :orgId where id = :id")
    void setCurrentOrg(@Bind("id") String id, @Bind("orgId") Long orgId);

    @SqlUpdate("delete from sessions where id = :id")
    void delete(@Bind("id") String id);

    @SqlQuery("delete from sessions where user_id = :userId and id <> :keep returning id")
    List<String> deleteOthersOf(@Bind("userId") long userId, @Bind("keep") String keep);

    /** The expired sessions, deleted: each one's user (null for an anonymous one) and id. */
    @SqlQuery("delete from sessions where expires_at < now() returning user_id, id")
    @RegisterConstructorMapper(Ended.class)
    List<Ended> deleteExpired();

    record Ended(Long userId, String id) {}
}
