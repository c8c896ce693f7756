package hearth.auth;

import hearth.live.Access;
import hearth.web.Tokens;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sessions live in PostgreSQL so they survive restarts and work on every app process behind a load
 * balancer. The cookie holds a random token; the table holds only its SHA-256. The statements every
 * action runs (the flash after a change, the page that shows it, the daily touch) are plain handle
 * statements: attaching {@link Sessions} builds an invoker for each of its methods on every call.
 */
public final class SessionManager {
    public static final String COOKIE = "hearth_session";
    private static final int LIFETIME_DAYS = 30;
    /** Anonymous sessions only carry a CSRF token for the login and signup forms: they need not last. */
    private static final int ANONYMOUS_LIFETIME_DAYS = 1;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(10);
    private static final String ATTRIBUTE = "hearth.session";

    private final Jdbi jdbi;
    private final boolean forceSecureCookie;

    public SessionManager(Jdbi jdbi, boolean forceSecureCookie) {
        this.jdbi = jdbi;
        this.forceSecureCookie = forceSecureCookie;
    }

    /** The id of the session the request's cookie names (the token's hash), or null without a cookie. */
    public String idFromCookie(Context ctx) {
        var token = ctx.cookie(COOKIE);
        return token == null || token.isEmpty() ? null : Tokens.sha256(token);
    }

    /**
     * The same for a request that never reaches Javalin (the event stream, {@code hearth.live.StreamHandler}),
     * from its raw {@code Cookie} headers ({@code name=value} pairs separated by semicolons).
     */
    public static String idFromCookieHeaders(List<String> headers) {
        var prefix = COOKIE + "=";
        for (var header : headers) {
            for (var pair : header.split(";")) {
                var cookie = pair.strip();
                if (cookie.startsWith(prefix)) {
                    var token = cookie.substring(prefix.length());
                    if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
                        token = token.substring(1, token.length() - 1);
                    }
                    return token.isEmpty() ? null : Tokens.sha256(token);
                }
            }
        }
        return null;
    }

    /** Makes a live session, found by {@link #idFromCookie}, the request's session. */
    public void resume(Context ctx, Session session) {
        touch(session);
        ctx.attribute(ATTRIBUTE, session);
    }

    /** A logged-in session in use lasts another {@link #LIFETIME_DAYS} days; written at most every ten minutes. */
    public void touch(Session session) {
        if (session.userId() != null && session.lastSeenAt().isBefore(Instant.now().minus(TOUCH_EVERY))) {
            jdbi.useHandle(handle -> handle.createUpdate(
                            "update sessions set last_seen_at = now(), expires_at = now() + make_interval(days => :days) where id = :id")
                    .bind("days", LIFETIME_DAYS).bind("id", session.id()).execute());
        }
    }

    private static final String CHECKED = "hearth.sessionChecked";

    public Optional<Session> current(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** The request's session, starting an anonymous one when needed (forms need a CSRF token before login). */
    public Session ensure(Context ctx) {
        var current = current(ctx);
        if (current.isPresent()) {
            return current.get();
        }
        if (idFromCookie(ctx) != null && ctx.attribute(CHECKED) == null) {
            // The cookie's session could not be looked up (the database failed mid-request, and this
            // is the error page): answer with a throwaway session rather than replacing the cookie,
            // which would log the person out because of a passing outage.
            return new Session(null, null, Tokens.random(), null, null, Instant.now(), Instant.now());
        }
        return start(ctx, null, null, null);
    }

    /** The cookie's session was looked up (found or not): a missing one may be replaced by a new one. */
    public void markChecked(Context ctx) {
        ctx.attribute(CHECKED, Boolean.TRUE);
    }

    /** Login always gets a fresh session id, so a session id planted before login is worthless after it. */
    public Session login(Context ctx, long userId, Long currentOrgId) {
        current(ctx).ifPresent(old -> jdbi.onDemand(Sessions.class).delete(old.id()));
        return start(ctx, userId, currentOrgId, null);
    }

    public void logout(Context ctx) {
        current(ctx).ifPresent(session -> jdbi.useTransaction(handle -> {
            handle.attach(Sessions.class).delete(session.id());
            if (session.userId() != null) {
                Access.sessionsEnded(handle, session.userId(), List.of(session.id()));
            }
        }));
        ctx.attribute(ATTRIBUTE, null);
        writeCookie(ctx, "", 0);
    }

    public void flash(Context ctx, String message) {
        var session = ensure(ctx);
        jdbi.useHandle(handle -> handle.createUpdate("update sessions set flash = :flash where id = :id")
                .bind("flash", message).bind("id", session.id()).execute());
    }

    /** A message whose toast offers to undo what was just done (a POST to {@code undoPath}). */
    public void flash(Context ctx, String message, String undoPath) {
        flash(ctx, message + Flash.SEPARATOR + undoPath);
    }

    public Optional<String> takeFlash(Context ctx) {
        return current(ctx)
                .filter(session -> session.flash() != null)
                .flatMap(session -> jdbi.withHandle(handle -> handle.createQuery(
                                "update sessions s set flash = null from sessions old where s.id = :id and old.id = s.id returning old.flash")
                        .bind("id", session.id()).mapTo(String.class).findOne()));
    }

    public void switchOrg(Context ctx, long orgId) {
        current(ctx).ifPresent(session -> jdbi.onDemand(Sessions.class).setCurrentOrg(session.id(), orgId));
    }

    /**
     * Deletes the expired sessions. A tab left open can hold its stream longer than its session lasts
     * (only requests extend a session): those streams close too, or they would go on past the logout.
     */
    public static void deleteExpired(Handle handle) {
        var ended = handle.attach(Sessions.class).deleteExpired().stream()
                .filter(session -> session.userId() != null)
                .collect(Collectors.groupingBy(Sessions.Ended::userId, Collectors.mapping(Sessions.Ended::id, Collectors.toList())));
        ended.forEach((userId, ids) -> Access.sessionsEnded(handle, userId, ids));
    }

    public void endOtherSessions(Context ctx, long userId) {
        current(ctx).ifPresent(session -> jdbi.useTransaction(handle ->
                Access.sessionsEnded(handle, userId, handle.attach(Sessions.class).deleteOthersOf(userId, session.id()))));
    }

    private Session start(Context ctx, Long userId, Long currentOrgId, String flash) {
        var token = Tokens.random();
        var days = userId == null ? ANONYMOUS_LIFETIME_DAYS : LIFETIME_DAYS;
        var session = jdbi.onDemand(Sessions.class)
                .insert(Tokens.sha256(token), userId, Tokens.random(), currentOrgId, flash, days);
        ctx.attribute(ATTRIBUTE, session);
        writeCookie(ctx, token, (int) Duration.ofDays(days).toSeconds());
        return session;
    }

    private void writeCookie(Context ctx, String value, int maxAgeSeconds) {
        var secure = forceSecureCookie || "https".equals(ctx.scheme());
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value
                + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
