package hearth.orgs;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Invitation.class)
public interface Invitations {
    int VALID_DAYS = 7;

    String SELECT = """
            select i.id, i.org_id, i.email, i.role, u.name as invited_by_name,
                   i.created_at, i.expires_at, i.accepted_at, i.revoked_at
            from invitations i join users u on u.id = i.invited_by
            """;

    @SqlQuery("""
            insert into invitations (org_id, email, role, token_hash, invited_by, expires_at)
            values (:orgId, :email, :role, :tokenHash, :invitedBy, now() + make_interval(days => :days))
            returning id
            """)
    long insert(@Bind("orgId") long orgId, @Bind("email") String email, @Bind("role") OrgRole role,
                @Bind("tokenHash") String tokenHash, @Bind("invitedBy") long invitedBy, @Bind("days") int days);

    @SqlQuery(SELECT + " where i.org_id = :orgId and i.accepted_at is null and i.revoked_at is null order by i.created_at desc")
    List<Invitation> open(@Bind("orgId") long orgId);

    @SqlQuery(SELECT + " where i.org_id = :orgId and i.id = :id")
    Optional<Invitation> byId(@Bind("orgId") long orgId, @Bind("id") long id);

    @SqlQuery(SELECT + " where i.token_hash = :tokenHash")
    Optional<Invitation> byTokenHash(@Bind("tokenHash") String tokenHash);

    /** Locks the invitation so that it is accepted once, however many tabs press the button. */
    @SqlQuery(SELECT + " where i.token_hash = :tokenHash for update of i")
    Optional<Invitation> lockByTokenHash(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("update invitations set accepted_at = now(), accepted_by = :userId where id = :id")
    void markAccepted(@Bind("id") long id, @Bind("userId") long userId);

    @SqlUpdate("update invitations set revoked_at = now() where org_id = :orgId and id = :id and accepted_at is null and revoked_at is null")
    int revoke(@Bind("orgId") long orgId, @Bind("id") long id);

    @SqlUpdate("""
            update invitations set token_hash = :tokenHash, expires_at = now() + make_interval(days => :days)
            where org_id = :orgId and id = :id and accepted_at is null and revoked_at is null
            """)
    int renew(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("tokenHash") String tokenHash, @Bind("days") int days);
}
