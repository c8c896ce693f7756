package hearth.live;

import hearth.auth.Authentication;
import hearth.auth.SessionManager;
import hearth.db.Batching;
import hearth.web.SecurityHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /live?topic=…&topic=…&since=N}: the page's one event stream, answered by Jetty itself in
 * front of Javalin, which gets every other request. A stream lives as long as its page, and whatever
 * its request holds is held once per open tab: Javalin's context and the servlet layer's request,
 * response, channel and async state (with their locks, listeners and attribute maps) were about a third
 * of an idle connection's heap.
 *
 * <p>The checks are a page's: the session cookie's user and memberships (the session query every
 * request runs), then every topic against them and, for a project or a conversation, the database.
 * A topic the user may not read is refused and never subscribed, so a hand-made URL gets nothing
 * another org (or a revoked member) must not see.
 */
public final class StreamHandler extends Handler.Wrapper {
    static final int MAX_TOPICS = 32;
    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);
    private static final HttpField EVENT_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    private static final HttpField PLAIN_TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NO_PROXY_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");

    /** Sessions are looked up together when streams open together: a node restart reopens thousands at once. */
    private final Batching<String, Authentication.Found> sessionsFound;
    private final SessionManager sessions;
    private final Jdbi jdbi;
    private final Live live;

    public StreamHandler(Authentication authentication, SessionManager sessions, Jdbi jdbi, Live live) {
        this.sessionsFound = new Batching<>(ids -> authentication.findAll(ids, false), 500);
        this.sessions = sessions;
        this.jdbi = jdbi;
        this.live = live;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) || !"/live".equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        var sessionId = SessionManager.idFromCookieHeaders(request.getHeaders().getValuesList(HttpHeader.COOKIE));
        // Before the lookup: a revocation that arrives after this may not be in what the lookup read (see Hub#register).
        var authorizedAt = System.nanoTime();
        var found = sessionId == null ? null : sessionsFound.get(sessionId);
        if (found == null || found.user() == null) {
            return refuse(response, callback, HttpStatus.UNAUTHORIZED_401, "Log in to follow live changes.");
        }
        sessions.touch(found.session());
        var user = found.user();
        var query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        var requested = new LinkedHashSet<>(query.getValuesOrEmpty("topic"));
        if (requested.isEmpty() || requested.size() > MAX_TOPICS) {
            return refuse(response, callback, HttpStatus.BAD_REQUEST_400, "Name between 1 and " + MAX_TOPICS + " topics.");
        }
        var since = since(request.getHeaders().get("Last-Event-ID"), query.getValue("since"));
        if (since == null) {
            return refuse(response, callback, HttpStatus.BAD_REQUEST_400, "Not an event id.");
        }
        var denied = new LinkedHashSet<String>();
        var topics = new LinkedHashSet<String>();
        // A topic of an org the session's query found a membership of needs no query; a project's or a
        // conversation's asks the database whether it is that org's (or that user's).
        for (var topic : requested) {
            (Topics.mayRead(jdbi, user, found.memberships(), topic) ? topics : denied).add(topic);
        }
        if (topics.isEmpty()) {
            return refuse(response, callback, HttpStatus.FORBIDDEN_403, "You may not follow these topics.");
        }

        response.setStatus(HttpStatus.OK_200);
        var headers = response.getHeaders();
        SecurityHeaders.apply(headers);
        headers.add(EVENT_STREAM);
        headers.add(NO_STORE);
        headers.add(NO_PROXY_BUFFERING);
        var hub = live.hub();
        // The stream keeps its topics for its whole life: a compact immutable set, not the parsing's.
        var stream = hub.newStream(user.id(), Access.sessionKey(sessionId), authorizedAt, Set.copyOf(topics));
        var presenceTopics = topics.stream().filter(Topics::hasPresence).toList();
        stream.onClose(() -> {
            hub.unregister(stream);
            if (!presenceTopics.isEmpty()) {
                live.presence().leave(stream);
            }
        });
        stream.attach(response, callback);
        request.addFailureListener(stream::close);
        try {
            var registeredAt = hub.register(stream);
            if (!stream.isOpen()) {
                return true; // revoked while it was being authorized (see Hub#register): the browser opens it again
            }
            // Which of its topics show who is here: the browser tells the server when it is away on those alone.
            var presence = new StringJoiner(",", "[", "]");
            presenceTopics.forEach(topic -> presence.add(LiveHandlers.jsonString(topic)));
            stream.send(Sse.bytes("retry: 2000\n\nevent: hello\ndata: {\"connection\":\"" + stream.id()
                    + "\",\"cursor\":" + registeredAt + ",\"presence\":" + presence + "}\n\n"));
            for (var topic : denied) {
                stream.send(Sse.frame(0, "denied", topic, ""));
            }
            hub.replay(stream, since, registeredAt);
            for (var topic : presenceTopics) {
                live.presence().join(stream, topic, Topics.orgOf(topic));
            }
        } catch (RuntimeException e) {
            // The response may have started: the stream ends it (cutting the connection), not an error page.
            log.error("Could not open the event stream for user {}", user.id(), e);
            stream.close(e);
        }
        return true;
    }

    /** Where to resume: the browser's Last-Event-ID after a drop, else the cursor the page was rendered at; null when neither is a number. */
    private static Long since(String lastEventId, String fromPage) {
        var value = lastEventId == null || lastEventId.isBlank() ? fromPage : lastEventId;
        if (value == null || value.isBlank()) {
            return -1L;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean refuse(Response response, Callback callback, int status, String reason) {
        response.setStatus(status);
        var headers = response.getHeaders();
        SecurityHeaders.apply(headers);
        headers.add(PLAIN_TEXT);
        headers.add(NO_STORE);
        Content.Sink.write(response, true, reason, callback);
        return true;
    }
}
