package hearth.live;

import hearth.web.Current;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The event stream a page opens, and the small signals a page sends (typing, away). */
public final class LiveHandlers {
    static final int MAX_TOPICS = 32;

    private final Jdbi jdbi;
    private final Live live;

    public LiveHandlers(Jdbi jdbi, Live live) {
        this.jdbi = jdbi;
        this.live = live;
    }

    /**
     * {@code GET /live?topic=…&topic=…&since=N}: the page's one stream. Every topic is checked now,
     * against the memberships this request's session query read and, for a project or a conversation,
     * the database: a topic the user may not read is refused and never subscribed, so a hand-made URL
     * gets nothing another org (or a revoked member) must not see.
     */
    public void stream(Context ctx) {
        var user = Current.user(ctx);
        var requested = new LinkedHashSet<>(ctx.queryParams("topic"));
        if (requested.isEmpty() || requested.size() > MAX_TOPICS) {
            throw new BadRequestResponse("Name between 1 and " + MAX_TOPICS + " topics.");
        }
        var memberships = Current.memberships(ctx);
        var denied = new ArrayList<String>();
        var topics = new LinkedHashSet<String>();
        // A topic of an org the session's query found a membership of needs no query; a project's or a
        // conversation's asks the database whether it is that org's (or that user's).
        for (var topic : requested) {
            (Topics.mayRead(jdbi, user, memberships, topic) ? topics : denied).add(topic);
        }
        if (topics.isEmpty()) {
            throw new ForbiddenResponse("You may not follow these topics.");
        }
        var since = since(ctx);

        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        var hub = live.hub();
        var stream = hub.newStream(user.id(), topics);
        var presenceTopics = topics.stream().filter(Topics::hasPresence).toList();
        stream.onClose(() -> {
            hub.unregister(stream);
            if (!presenceTopics.isEmpty()) {
                live.presence().leave(stream);
            }
        });
        ctx.future(() -> {
            try {
                stream.attach(ctx.req().getAsyncContext(), res.getOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var registeredAt = hub.register(stream);
            stream.send(Sse.bytes("retry: 2000\n\nevent: hello\ndata: {\"connection\":\"" + stream.id()
                    + "\",\"cursor\":" + registeredAt + "}\n\n"));
            for (var topic : denied) {
                stream.send(Sse.frame(0, "denied", topic, ""));
            }
            hub.replay(stream, since, registeredAt);
            for (var topic : presenceTopics) {
                live.presence().join(stream, topic, Topics.orgOf(topic));
            }
            Current.forget(ctx);
            return stream.closed();
        });
    }

    /** Where to resume: the browser's Last-Event-ID after a drop, else the cursor the page was rendered at. */
    private static long since(Context ctx) {
        var value = ctx.header("Last-Event-ID");
        if (value == null || value.isBlank()) {
            value = ctx.queryParam("since");
        }
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("Not an event id: " + value);
        }
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
     * {@code POST /live/presence}: this stream's tabs are hidden or idle ({@code away}), back, or all
     * closed ({@code gone}: sent as the last tab goes, since the server only notices a closed
     * stream at its next heartbeat).
     */
    public void presence(Context ctx) {
        var user = Current.user(ctx);
        UUID connection;
        try {
            connection = UUID.fromString(String.valueOf(ctx.formParam("connection")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("Not a connection id.");
        }
        var found = "true".equals(ctx.formParam("gone"))
                ? live.presence().gone(connection, user.id())
                : live.presence().away(connection, user.id(), "true".equals(ctx.formParam("away")));
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
