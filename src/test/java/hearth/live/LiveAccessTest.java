package hearth.live;

import static hearth.live.LiveStreamTest.createTask;
import static hearth.live.LiveStreamTest.helloCursor;
import static hearth.live.LiveStreamTest.tasksTopic;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.ChildApp;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import hearth.web.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream is authorized when it opens; these are the ways that authorization is taken back while it
 * is open: a membership ends, a session ends. The stream must end at once, on every node, and what
 * it is still allowed must come back when it opens again.
 */
class LiveAccessTest {
    @RegisterExtension
    static TestApp app = new TestApp().withConfig("LIVE_HEARTBEAT_SECONDS", "1");

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aMemberRemovedFromTheOrgStopsReceivingItsChangesAtOnce() {
        var acme = Fixtures.acme(app);
        var eve = Fixtures.join(app, acme.org(), acme.ann(), "Eve Removed", "eve.removed@acme.test", "MEMBER");
        try (var stream = EventStream.open(app, eve.session(), tasksTopic(acme.org()))) {
            helloCursor(stream);
            createTask(acme.bob().session(), acme.org(), "Before Eve was removed");
            stream.await(e -> e.data().contains("Before Eve was removed"), WAIT);

            assertEquals(303, acme.ann().session().post(acme.org().path() + "/members/" + eve.id() + "/removal").status());
            awaitEnd(stream);
            createTask(acme.bob().session(), acme.org(), "After Eve was removed");

            var after = stream.drain(Duration.ofMillis(500));
            assertTrue(after.stream().noneMatch(e -> e.data().contains("After Eve was removed")), after.toString());
        }
        try (var again = EventStream.open(app, eve.session(), tasksTopic(acme.org()))) {
            assertEquals(403, again.status(), "opened again, the stream is authorized anew");
        }
    }

    @Test
    void theRemovedMembersStreamOpensAgainWithTheTopicsOfTheOrgsTheyStillBelongTo() {
        var acme = Fixtures.acme(app);
        var globex = Fixtures.globex(app);
        var eve = Fixtures.join(app, acme.org(), acme.ann(), "Eve Both", "eve.both@acme.test", "MEMBER");
        Fixtures.accept(eve, Fixtures.invite(app, globex.gus(), globex.org(), eve.email(), "MEMBER"));
        var topics = tasksTopic(acme.org()) + "&" + tasksTopic(globex.org());
        try (var stream = EventStream.open(app, eve.session(), topics)) {
            var cursor = helloCursor(stream);
            assertEquals(303, acme.ann().session().post(acme.org().path() + "/members/" + eve.id() + "/removal").status());
            awaitEnd(stream);

            var globexTask = createTask(globex.gus().session(), globex.org(), "Missed while reconnecting");
            try (var again = EventStream.open(app, eve.session(), topics + "&since=" + cursor)) {
                assertEquals(200, again.status());
                var denied = again.await(e -> e.event().equals("denied"), WAIT);
                assertEquals(Topics.tasks(acme.org().id()), denied.topic());
                var replayed = again.await(e -> e.event().equals("fragment"), WAIT);
                assertTrue(replayed.data().contains("task-" + globexTask), "the other org's change is replayed: " + replayed);
            }
        }
    }

    @Test
    void loggingOutEndsThatSessionsStreamsAndNotThoseOfTheUsersOtherSessions() {
        var acme = Fixtures.acme(app);
        var bob = Fixtures.join(app, acme.org(), acme.ann(), "Bob Two Devices", "bob.devices@acme.test", "MEMBER");
        var laptop = Fixtures.logIn(app, bob);
        try (var phone = EventStream.open(app, bob.session(), tasksTopic(acme.org()));
             var onLaptop = EventStream.open(app, laptop, tasksTopic(acme.org()))) {
            helloCursor(phone);
            helloCursor(onLaptop);

            var logout = laptop.post("/logout", Map.of());
            assertEquals(303, logout.status(), logout.describe());
            awaitEnd(onLaptop);

            var id = createTask(acme.ann().session(), acme.org(), "Still live on the phone");
            phone.await(e -> e.data().contains("task-" + id), WAIT);
            assertFalse(phone.ended(), "the session still logged in keeps its stream");
        }
    }

    @Test
    void changingThePasswordEndsTheStreamsOfTheOtherSessions() {
        var acme = Fixtures.acme(app);
        // Their own person: the password changes, and the org's other tests log its people in.
        var bob = Fixtures.join(app, acme.org(), acme.ann(), "Bob Robbed", "bob.robbed@acme.test", "MEMBER");
        var stolen = Fixtures.logIn(app, bob);
        try (var thief = EventStream.open(app, stolen, tasksTopic(acme.org()));
             var own = EventStream.open(app, bob.session(), tasksTopic(acme.org()))) {
            helloCursor(thief);
            helloCursor(own);

            bob.session().get("/account/password");
            var changed = bob.session().post("/account/password",
                    form("current", Fixtures.PASSWORD, "password", "a-new-password-for-bob"));
            assertEquals(303, changed.status(), changed.describe());
            awaitEnd(thief);

            var id = createTask(acme.ann().session(), acme.org(), "Only Bob's own session sees this");
            own.await(e -> e.data().contains("task-" + id), WAIT);
        }
    }

    @Test
    void aStreamOutlivingItsSessionClosesWhenTheExpiredSessionsAreDeleted() {
        var acme = Fixtures.acme(app);
        var idle = Fixtures.logIn(app, acme.bob());
        var active = Fixtures.logIn(app, acme.bob());
        try (var left = EventStream.open(app, idle, tasksTopic(acme.org()));
             var used = EventStream.open(app, active, tasksTopic(acme.org()))) {
            helloCursor(left);
            helloCursor(used);
            // The idle tab's session runs out (only requests extend a session; a stream makes none).
            assertEquals(1, app.update("update sessions set expires_at = now() - interval '1 second' where id = ?",
                    Tokens.sha256(idle.sessionCookie())));

            app.jdbi().useTransaction(hearth.auth.SessionManager::deleteExpired);
            awaitEnd(left);
            var id = createTask(acme.ann().session(), acme.org(), "After the idle session expired");
            used.await(e -> e.data().contains("task-" + id), WAIT);
        }
    }

    @Test
    void aSupportAgentMadeAPlainUserLosesTheSupportQueueAtOnce() {
        var ada = Fixtures.admin(app);
        var acme = Fixtures.acme(app);
        // Their own agent: the role is taken back, and other tests use the named one.
        var tess = Fixtures.join(app, acme.org(), acme.ann(), "Tess Agent", "tess.agent@acme.test", "MEMBER");
        ada.session().get("/admin");
        assertEquals(303, ada.session().post("/admin/users/" + tess.id() + "/role", form("role", "SUPPORT_AGENT")).status());
        try (var queue = EventStream.open(app, tess.session(), "topic=" + Topics.SUPPORT_QUEUE)) {
            assertEquals(200, queue.status());
            helloCursor(queue);

            assertEquals(303, ada.session().post("/admin/users/" + tess.id() + "/role", form("role", "USER")).status());
            awaitEnd(queue);
        }
        try (var again = EventStream.open(app, tess.session(), "topic=" + Topics.SUPPORT_QUEUE)) {
            assertEquals(403, again.status(), "opened again, the queue is refused");
        }
    }

    @Test
    void aMemberRemovedThroughOneProcessLosesTheStreamsOnTheOther() {
        var acme = Fixtures.acme(app);
        var eve = Fixtures.join(app, acme.org(), acme.ann(), "Eve Elsewhere", "eve.elsewhere@acme.test", "MEMBER");
        try (var node = ChildApp.start(app.jdbcUrl(), Map.of("LIVE_HEARTBEAT_SECONDS", "1"));
             var stream = EventStream.open(node.baseUrl(), eve.session(), tasksTopic(acme.org()), Map.of())) {
            assertEquals(200, stream.status());
            helloCursor(stream);

            assertEquals(303, acme.ann().session().post(acme.org().path() + "/members/" + eve.id() + "/removal").status());
            awaitEnd(stream);
        }
    }

    /**
     * The race the hub closes by remembering revocations: a stream whose session was looked up before
     * the revocation arrived, but that registers after it, would otherwise miss it for good.
     */
    @Test
    void aStreamAuthorizedBeforeARevocationArrivedButRegisteredAfterItIsClosed() {
        Executor inline = Runnable::run;
        var hub = new Hub(app.jdbi(), inline);
        var authorizedAt = System.nanoTime();
        var before = hub.newStream(7, Access.sessionKey("session-a"), authorizedAt, Set.of("org:1:tasks"));
        var otherUser = hub.newStream(8, Access.sessionKey("session-b"), authorizedAt, Set.of("org:1:tasks"));

        hub.deliver(List.of(new Event(1, 1L, Access.TOPIC, "access.revoked", "{\"user\":7}")));
        hub.register(before);
        hub.register(otherUser);
        var after = hub.newStream(7, Access.sessionKey("session-a"), System.nanoTime(), Set.of("org:1:tasks"));
        hub.register(after);

        assertFalse(before.isOpen(), "authorized before the revocation: closed, to be authorized anew");
        assertTrue(otherUser.isOpen(), "another user's stream stays");
        assertTrue(after.isOpen(), "authorized after the revocation: the lookup already saw it");
    }

    private static void awaitEnd(EventStream stream) {
        var deadline = System.nanoTime() + WAIT.toNanos();
        while (!stream.ended() && System.nanoTime() < deadline) {
            stream.next(Duration.ofMillis(50));
        }
        assertTrue(stream.ended(), "the stream ended");
    }
}
