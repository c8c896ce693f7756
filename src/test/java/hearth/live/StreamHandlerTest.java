package hearth.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.auth.SessionManager;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.TestApp;
import hearth.web.Tokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event stream's own handler (in front of Javalin): who gets a stream, and what a refusal says. */
class StreamHandlerTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aStreamIsAnEventStreamThatNoCacheOrProxyKeeps() throws Exception {
        var acme = Fixtures.acme(app);
        var response = open("topic=" + tasks(acme), cookie(acme.ann().session()));
        try (var body = response.body()) {
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream;charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(null));
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
            var first = new String(body.readNBytes(40), StandardCharsets.UTF_8);
            assertTrue(first.startsWith("retry: 2000\n\nevent: hello\n"), first);
        }
    }

    @Test
    void theSessionCookieIsFoundAmongOthers() throws Exception {
        var acme = Fixtures.acme(app);
        var token = acme.ann().session().sessionCookie();
        var response = open("topic=" + tasks(acme), "theme=dark; " + HttpSession.SESSION_COOKIE + "=" + token + "; lang=en");
        try (var body = response.body()) {
            assertEquals(200, response.statusCode());
        }
    }

    @Test
    void refusalsSayWhyInPlainText() throws Exception {
        var acme = Fixtures.acme(app);
        var ann = cookie(acme.ann().session());
        assertRefused(401, "Log in", open("topic=" + tasks(acme), null));
        assertRefused(401, "Log in", open("topic=" + tasks(acme), HttpSession.SESSION_COOKIE + "=not-a-session"));
        var anonymous = app.newSession();
        anonymous.get("/login"); // an anonymous session: a CSRF token for the form, nobody logged in
        assertTrue(anonymous.sessionCookie() != null);
        assertRefused(401, "Log in", open("topic=" + tasks(acme), cookie(anonymous)));
        assertRefused(400, "topics", open("", ann));
        var tooMany = IntStream.rangeClosed(0, StreamHandler.MAX_TOPICS)
                .mapToObj(i -> "topic=org:" + acme.org().id() + ":x" + i).collect(Collectors.joining("&"));
        assertRefused(400, "topics", open(tooMany, ann));
        assertRefused(400, "event id", open("topic=" + tasks(acme) + "&since=yesterday", ann));
        assertRefused(403, "may not follow", open("topic=org:" + (acme.org().id() + 1000) + ":tasks", ann));
    }

    /** Streams opened together share their session query (Batching): each must still get its own session's answer. */
    @Test
    void streamsOpenedTogetherEachGetTheirOwnSessionsAnswer() throws Exception {
        var acme = Fixtures.acme(app);
        var globex = Fixtures.globex(app);
        var ann = cookie(acme.ann().session());
        var gus = cookie(globex.gus().session());
        var acmeTasks = tasks(acme.org().id());
        var globexTasks = tasks(globex.org().id());
        record Attempt(String cookie, String topic, int status) {}
        var attempts = new java.util.ArrayList<Attempt>();
        for (int i = 0; i < 20; i++) {
            attempts.add(new Attempt(ann, acmeTasks, 200));
            attempts.add(new Attempt(gus, acmeTasks, 403));
            attempts.add(new Attempt(gus, globexTasks, 200));
            attempts.add(new Attempt(ann, globexTasks, 403));
            attempts.add(new Attempt(HttpSession.SESSION_COOKIE + "=forged-" + i, acmeTasks, 401));
        }
        java.util.Collections.shuffle(attempts, new java.util.Random(7));
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts.size());
        try {
            var statuses = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (var attempt : attempts) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    var response = open("topic=" + attempt.topic(), attempt.cookie());
                    response.body().close();
                    return response.statusCode();
                }));
            }
            start.countDown();
            for (int i = 0; i < attempts.size(); i++) {
                assertEquals(attempts.get(i).status(), statuses.get(i).get(), attempts.get(i).toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void otherMethodsAndPathsAreJavalins() throws Exception {
        var acme = Fixtures.acme(app);
        var session = acme.ann().session();
        assertEquals(404, session.get("/live/elsewhere").status());
        // A POST to /live is no stream: Javalin answers it (no such route), the CSRF check first.
        var post = session.postWithCsrfHeader("/live", java.util.Map.of("topic", tasks(acme)));
        assertTrue(post.status() == 404 || post.status() == 405, post.describe());
    }

    @Test
    void theCookieIsReadAsBrowsersSendIt() {
        var id = Tokens.sha256("abc");
        assertEquals(id, SessionManager.idFromCookieHeaders(List.of("hearth_session=abc")));
        assertEquals(id, SessionManager.idFromCookieHeaders(List.of("a=1;hearth_session=abc;b=2")));
        assertEquals(id, SessionManager.idFromCookieHeaders(List.of("a=1", "hearth_session=\"abc\"")));
        assertNull(SessionManager.idFromCookieHeaders(List.of("hearth_session_old=abc; xhearth_session=abc")));
        assertNull(SessionManager.idFromCookieHeaders(List.of("hearth_session=")));
        assertNull(SessionManager.idFromCookieHeaders(List.of()));
    }

    private static void assertRefused(int status, String reason, HttpResponse<InputStream> response) throws Exception {
        try (var body = response.body()) {
            var text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(status, response.statusCode(), text);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), text);
            assertTrue(text.contains(reason), text);
        }
    }

    private static String tasks(Fixtures.Acme acme) {
        return tasks(acme.org().id());
    }

    private static String tasks(long orgId) {
        return Topics.tasks(orgId);
    }

    private static String cookie(HttpSession session) {
        return session.sessionCookie() == null ? null : HttpSession.SESSION_COOKIE + "=" + session.sessionCookie();
    }

    private static HttpResponse<InputStream> open(String query, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/live?" + query)).header("Accept", "text/event-stream");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
