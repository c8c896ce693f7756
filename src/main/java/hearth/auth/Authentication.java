package hearth.auth;

import hearth.web.Current;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

/** Before-handler: resolves the session cookie to a session and, once logged in, to the user. */
public final class Authentication {
    private final SessionManager sessions;
    private final Jdbi jdbi;

    public Authentication(SessionManager sessions, Jdbi jdbi) {
        this.sessions = sessions;
        this.jdbi = jdbi;
    }

    public void load(Context ctx) {
        sessions.load(ctx);
        sessions.current(ctx)
                .filter(session -> session.userId() != null)
                .flatMap(session -> jdbi.onDemand(Users.class).byId(session.userId()))
                .ifPresent(user -> Current.setUser(ctx, user));
    }
}
