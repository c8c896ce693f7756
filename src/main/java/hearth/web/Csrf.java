package hearth.web;

import hearth.auth.SessionManager;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * Every state-changing request must carry the session's CSRF token (htmx: a header; plain forms: a
 * hidden field). The token is fixed for the session's lifetime: rotating it per request would make
 * parallel htmx requests and several open tabs fail at random.
 */
public final class Csrf {
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final SessionManager sessions;

    public Csrf(SessionManager sessions) {
        this.sessions = sessions;
    }

    public void check(Context ctx) {
        if (SAFE.contains(ctx.method())) {
            return;
        }
        var expected = sessions.current(ctx).map(session -> session.csrfToken()).orElse(null);
        var sent = ctx.header(HEADER);
        if (sent == null) {
            sent = ctx.formParam(FIELD);
        }
        if (expected == null || !Tokens.sameSecret(expected, sent)) {
            throw new ForbiddenResponse("This form has expired or did not come from Hearth. Reload the page and try again.");
        }
    }
}
