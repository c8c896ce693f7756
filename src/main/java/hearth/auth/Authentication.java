package hearth.auth;

import hearth.orgs.Membership;
import hearth.web.Current;
import io.javalin.http.Context;
import java.util.ArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Before-handler: resolves the session cookie to a session and, once logged in, to the user and the
 * organizations they belong to, in one query: every page needs all three (the guard checks the
 * membership, the layout lists the orgs), and four round trips per request cost more than the page.
 */
public final class Authentication {
    /** The session, its user (columns user_*), and one row per membership, in the order the layout lists them. */
    private static final String SESSION_USER_MEMBERSHIPS = """
            select s.id, s.user_id, s.csrf_token, s.current_org_id, s.flash, s.last_seen_at, s.expires_at,
                   u.email as user_email, u.name as user_name, u.platform_role as user_platform_role,
                   u.created_at as user_created_at,
                   o.id as org_id, o.name as org_name, o.slug as org_slug, o.plan as org_plan,
                   o.created_at as org_created_at, m.role
            from sessions s
            left join users u on u.id = s.user_id
            left join memberships m on m.user_id = u.id
            left join organizations o on o.id = m.org_id
            where s.id = :id and s.expires_at > now()
            order by lower(o.name), o.id
            """;
    private static final RowMapper<Session> SESSION = ConstructorMapper.of(Session.class);
    private static final RowMapper<User> USER = ConstructorMapper.of(User.class, "user");
    private static final RowMapper<Membership> MEMBERSHIP = ConstructorMapper.of(Membership.class);

    private final SessionManager sessions;
    private final Jdbi jdbi;

    public Authentication(SessionManager sessions, Jdbi jdbi) {
        this.sessions = sessions;
        this.jdbi = jdbi;
    }

    public void load(Context ctx) {
        var id = sessions.idFromCookie(ctx);
        if (id == null) {
            return;
        }
        jdbi.useHandle(handle -> handle.createQuery(SESSION_USER_MEMBERSHIPS).bind("id", id)
                .scanResultSet((results, context) -> {
                    var rs = results.get();
                    sessions.markChecked(ctx);
                    if (!rs.next()) {
                        return null;
                    }
                    var session = SESSION.specialize(rs, context).map(rs, context);
                    sessions.resume(ctx, session);
                    if (session.userId() == null || rs.getString("user_email") == null) {
                        return null;
                    }
                    Current.setUser(ctx, USER.specialize(rs, context).map(rs, context));
                    var memberships = new ArrayList<Membership>();
                    var membership = MEMBERSHIP.specialize(rs, context);
                    do {
                        if (rs.getObject("org_id") != null) {
                            memberships.add(membership.map(rs, context));
                        }
                    } while (rs.next());
                    Current.setMemberships(ctx, memberships);
                    return null;
                }));
    }
}
