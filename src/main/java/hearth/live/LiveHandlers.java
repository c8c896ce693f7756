package hearth.live;

import hearth.web.Current;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The small signals a page sends (typing, away); its event stream is {@link StreamHandler}'s. */
public final class LiveHandlers {
    private final Jdbi jdbi;
    private final Live live;

    public LiveHandlers(Jdbi jdbi, Live live) {
        this.jdbi = jdbi;
        this.live = live;
    }

    /** {@code POST /live/typing}: "Ann is typing…" for the others on a topic the user may read. */
    public void typing(Context ctx) {
        var user = Current.user(ctx);
        var topic = ctx.formParam("topic");
        if (topic == null || !Topics.mayRead(jdbi, user, Current.memberships(ctx), topic)) {
            throw new NotFoundResponse("No such topic.");
        }
        var body = "{\"user\":" + user.id() + ",\"name\":" + jsonString(user.name()) + "}";
        live.signals().send(topic, "typing", body);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * {@code POST /live/presence}: the tabs of this stream showing the named {@code topic}s (all its
     * topics when none is named) are all hidden or idle ({@code away=true}) or one is back
     * ({@code away=false}); or the stream's tabs are all closed ({@code gone}: sent as the last tab
     * goes, since the server only notices a closed stream at its next heartbeat). Away is per topic:
     * a browser's hidden board tab is away on the board while its tab on a project is in front.
     */
    public void presence(Context ctx) {
        var user = Current.user(ctx);
        UUID connection;
        try {
            connection = UUID.fromString(String.valueOf(ctx.formParam("connection")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("Not a connection id.");
        }
        var topics = ctx.formParams("topic");
        if (topics.size() > StreamHandler.MAX_TOPICS) {
            throw new BadRequestResponse("Name at most " + StreamHandler.MAX_TOPICS + " topics.");
        }
        var found = "true".equals(ctx.formParam("gone"))
                ? live.presence().gone(connection, user.id())
                : live.presence().away(connection, user.id(), "true".equals(ctx.formParam("away")), topics);
        if (!found) {
            throw new NotFoundResponse("No such connection.");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    static String jsonString(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        for (var c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
