package hearth.auth;

import hearth.db.Values;
import hearth.orgs.Membership;
import hearth.orgs.OrgRole;
import hearth.orgs.Organization;
import hearth.orgs.Plan;
import hearth.support.SupportConversations;
import hearth.web.Current;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Before-handler: resolves the session cookie to a session and, once logged in, to the user and the
 * organizations they belong to, in one query: every page needs all three (the guard checks the
 * membership, the layout lists the orgs), and four round trips per request cost more than the page.
 */
public final class Authentication {
    /**
     * The session, its user, and one row per membership, in the order the layout lists them; for a page
     * request also the navigation's count of unread support messages (otherwise a round trip of its own
     * on every page). Read by column position below ({@link #session}, {@link #user}, {@link #membership}):
     * every request runs this, and Jdbi's constructor mappers looked each column up by name again on
     * every one (a twentieth of a page's server time).
     */
    private static final String SESSION_USER_MEMBERSHIPS = """
            select s.id, s.user_id, s.csrf_token, s.current_org_id, s.flash, s.last_seen_at, s.expires_at,
                   u.email, u.name, u.platform_role, u.created_at,
                   o.id, o.name, o.slug, o.plan, o.created_at, m.role, o.assistant_name, unread.count, o.assistant_fallback
            from sessions s
            left join lateral (%s and :page) unread on true
            left join users u on u.id = s.user_id
            left join memberships m on m.user_id = u.id
            left join organizations o on o.id = m.org_id
            where s.id = any(:ids) and s.expires_at > now()
            order by s.id, lower(o.name), o.id
            """.formatted(SupportConversations.unreadSql("s.user_id").strip());

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
        var page = rendersPage(ctx);
        var found = find(id, page);
        sessions.markChecked(ctx);
        if (found == null) {
            return;
        }
        sessions.resume(ctx, found.session());
        if (found.user() == null) {
            return;
        }
        Current.setUser(ctx, found.user());
        if (page) {
            Current.setSupportUnread(ctx, found.supportUnread());
        }
        Current.setMemberships(ctx, found.memberships());
    }

    /**
     * What a session id stands for: its session, and once someone is logged in their user and
     * memberships (an anonymous session has neither), and for a page ({@code page}) their count of
     * unread support messages. Null when there is no such live session.
     */
    public Found find(String sessionId, boolean page) {
        return findAll(List.of(sessionId), page).get(sessionId);
    }

    /**
     * {@link #find} for many session ids in one query (event streams opened together, say after a node
     * restart, share it): the live sessions found, by id.
     */
    public Map<String, Found> findAll(Collection<String> sessionIds, boolean page) {
        return jdbi.withHandle(handle -> handle.createQuery(SESSION_USER_MEMBERSHIPS)
                .bind("ids", Values.texts(sessionIds.toArray(String[]::new))).bind("page", page)
                .scanResultSet((results, context) -> {
                    var rs = results.get();
                    var found = new HashMap<String, Found>();
                    var more = rs.next();
                    while (more) {
                        var session = session(rs);
                        if (session.userId() == null || rs.getString(8) == null) {
                            found.put(session.id(), new Found(session, null, List.of(), 0));
                            more = rs.next();
                            continue;
                        }
                        var user = user(rs, session.userId());
                        var unread = rs.getInt(19);
                        var memberships = new ArrayList<Membership>();
                        do {
                            if (rs.getObject(12) != null) {
                                memberships.add(membership(rs));
                            }
                            more = rs.next();
                        } while (more && session.id().equals(rs.getString(1)));
                        found.put(session.id(), new Found(session, user, memberships, unread));
                    }
                    return found;
                }));
    }

    /** See {@link #find}; {@code user} is null and {@code memberships} empty for an anonymous session. */
    public record Found(Session session, User user, List<Membership> memberships, int supportUnread) {}

    /** A request that may render a page with the navigation: a GET that is not a fragment (event streams never get here). */
    private static boolean rendersPage(Context ctx) {
        return ctx.method() == HandlerType.GET && !Current.isFragmentRequest(ctx);
    }

    private static Session session(ResultSet rs) throws SQLException {
        return new Session(rs.getString(1), rs.getObject(2, Long.class), rs.getString(3), rs.getObject(4, Long.class),
                rs.getString(5), instant(rs, 6), instant(rs, 7));
    }

    private static User user(ResultSet rs, long id) throws SQLException {
        return new User(id, rs.getString(8), rs.getString(9), PlatformRole.valueOf(rs.getString(10)), instant(rs, 11));
    }

    private static Membership membership(ResultSet rs) throws SQLException {
        var org = new Organization(rs.getLong(12), rs.getString(13), rs.getString(14), Plan.valueOf(rs.getString(15)),
                instant(rs, 16), rs.getString(18), rs.getBoolean(20));
        return new Membership(org, OrgRole.valueOf(rs.getString(17)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
