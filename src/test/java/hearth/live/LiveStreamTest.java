package hearth.live;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.EventStream;
import hearth.testing.Seed;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.TestApp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiveStreamTest {
    @RegisterExtension
    static TestApp app = new TestApp().withConfig("LIVE_HEARTBEAT_SECONDS", "1");

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(400);

    static String tasksTopic(Fixtures.Org org) {
        return "topic=org:" + org.id() + ":tasks";
    }

    static long createTask(HttpSession session, Fixtures.Org org, String title) {
        var response = session.post(org.path() + "/tasks", form("title", title, "description", "", "project", "",
                "status", "TODO", "priority", "MEDIUM", "assignee", "", "due", ""));
        assertEquals(303, response.status(), response.describe());
        var location = response.header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    static long helloCursor(EventStream stream) {
        var hello = stream.await(e -> e.event().equals("hello"), WAIT);
        var matcher = Pattern.compile("\"cursor\":(\\d+)").matcher(hello.topic());
        assertTrue(matcher.find(), hello.toString());
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void aMemberReceivesAnotherMembersNewTaskAsItsRowEscaped() {
        var acme = Fixtures.acme(app);
        try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()))) {
            assertEquals(200, stream.status());
            helloCursor(stream);
            var id = createTask(acme.bob().session(), acme.org(), "Ship <b>it</b> & done");
            var event = stream.await(e -> e.event().equals("fragment"), WAIT);
            assertEquals("org:" + acme.org().id() + ":tasks", event.topic());
            assertTrue(event.id() > 0);
            assertTrue(event.data().contains("<tr id=\"task-" + id + "\""), event.data());
            assertTrue(event.data().contains("Ship &lt;b&gt;it&lt;/b&gt; &amp; done"), event.data());
        }
    }

    @Test
    void aReconnectingStreamGetsExactlyWhatItMissedInOrderOnce() {
        var acme = Fixtures.acme(app);
        // Start from a hub that has delivered everything committed so far: an event of an earlier test
        // still on its way would rightly be replayed as missed too.
        long cursor;
        do {
            try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()))) {
                cursor = helloCursor(stream);
            }
        } while (cursor < app.queryOne(Long.class, "select coalesce(max(id), 0) from events"));
        var created = new ArrayList<Long>();
        for (int i = 0; i < 50; i++) {
            created.add(createTask(acme.bob().session(), acme.org(), "Missed " + i));
        }
        try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()),
                Map.of("Last-Event-ID", String.valueOf(cursor)))) {
            var events = stream.drainEvents(Duration.ofSeconds(1));
            assertEquals(50, events.size(), "exactly the missed events");
            for (int i = 0; i < 50; i++) {
                assertTrue(events.get(i).data().contains("id=\"task-" + created.get(i) + "\""), "in order: " + i);
                if (i > 0) {
                    assertTrue(events.get(i).id() > events.get(i - 1).id());
                }
            }
            createTask(acme.bob().session(), acme.org(), "After the replay");
            var live = stream.drainEvents(QUIET);
            assertEquals(1, live.size(), "live delivery continues without duplicates");
            assertTrue(live.get(0).data().contains("After the replay"));
        }
    }

    @Test
    void aPageResumesFromTheCursorItWasRenderedAt() {
        var acme = Fixtures.acme(app);
        var page = acme.ann().session().get(acme.org().path() + "/tasks");
        var since = page.document().getElementById("live-follow").attr("data-live-since");
        var id = createTask(acme.bob().session(), acme.org(), "Made while the page loaded");
        try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()) + "&since=" + since)) {
            var events = stream.drainEvents(QUIET);
            assertTrue(events.stream().anyMatch(e -> e.data().contains("id=\"task-" + id + "\"")), events.toString());
        }
    }

    @Test
    void anOutsiderCannotFollowAnotherOrgsTopicWhateverTheUrl() {
        var acme = Fixtures.acme(app);
        var globex = Fixtures.globex(app);
        var gus = globex.gus().session();
        try (var stream = EventStream.open(app, gus, tasksTopic(acme.org()))) {
            assertEquals(403, stream.status());
        }
        try (var stream = EventStream.open(app, gus, "topic=org:" + acme.org().id() + ":project:1")) {
            assertEquals(403, stream.status());
        }
        try (var stream = EventStream.open(app, app.newSession(), tasksTopic(acme.org()))) {
            assertTrue(stream.status() == 401 || stream.status() == 303, "anonymous: " + stream.status());
        }
        // Mixed with a topic of his own: his own arrive, Acme's are refused and never sent.
        try (var stream = EventStream.open(app, gus, tasksTopic(acme.org()) + "&" + tasksTopic(globex.org()))) {
            assertEquals(200, stream.status());
            stream.await(e -> e.event().equals("denied") && e.topic().equals("org:" + acme.org().id() + ":tasks"), WAIT);
            createTask(acme.ann().session(), acme.org(), "Acme secret");
            var own = createTask(gus, globex.org(), "Globex task");
            var events = stream.drain(QUIET);
            assertFalse(events.stream().anyMatch(e -> e.data().contains("Acme secret")), events.toString());
            assertTrue(events.stream().anyMatch(e -> e.data().contains("task-" + own)), events.toString());
        }
    }

    @Test
    void aMemberRemovedFromTheOrgCannotOpenItsStreamWithTheSessionTheyStillHave() {
        var acme = Fixtures.acme(app);
        var eve = Fixtures.join(app, acme.org(), acme.ann(), "Eve Leaving", "eve.leaving@acme.test", "MEMBER");
        try (var stream = EventStream.open(app, eve.session(), tasksTopic(acme.org()))) {
            assertEquals(200, stream.status(), "a member follows the org's tasks");
        }
        assertEquals(303, acme.ann().session().post(acme.org().path() + "/members/" + eve.id() + "/removal").status());
        try (var stream = EventStream.open(app, eve.session(), tasksTopic(acme.org()))) {
            assertEquals(403, stream.status(), "the membership is checked when the stream opens, not when the page was rendered");
        }
    }

    @Test
    void aProjectOfAnotherOrgIsRefusedEvenToAMemberOfThisOrg() {
        var acme = Fixtures.acme(app);
        var globex = Fixtures.globex(app);
        var globexProject = Fixtures.workspace(app, globex.org(), globex.gus()).projectId();
        try (var stream = EventStream.open(app, acme.ann().session(), "topic=org:" + acme.org().id() + ":project:" + globexProject)) {
            assertEquals(403, stream.status());
        }
    }

    @Test
    void nothingIsMissedWhenTheListenConnectionIsCut() {
        var acme = Fixtures.acme(app);
        try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()))) {
            helloCursor(stream);
            var created = new ArrayList<Long>();
            created.add(createTask(acme.bob().session(), acme.org(), "Before the cut"));
            var killed = app.queryOne(Integer.class, """
                    select count(pg_terminate_backend(pid))::int from pg_stat_activity
                    where application_name like 'hearth-live-%' and datname = current_database()""");
            assertEquals(1, killed);
            for (int i = 0; i < 5; i++) {
                created.add(createTask(acme.bob().session(), acme.org(), "During the cut " + i));
            }
            var events = stream.drainEvents(Duration.ofSeconds(3));
            assertEquals(created.size(), events.size(), events.toString());
            for (int i = 0; i < created.size(); i++) {
                assertTrue(events.get(i).data().contains("task-" + created.get(i)));
            }
        }
    }

    @Test
    void aResumeFromBeforeTheRetentionWindowAsksThePageToResync() {
        var acme = Fixtures.acme(app);
        createTask(acme.bob().session(), acme.org(), "Old news");
        app.jdbi().useHandle(handle -> handle.execute(
                "update events_horizon set pruned_through = (select max(id) from events)"));
        try (var stream = EventStream.open(app, acme.ann().session(), tasksTopic(acme.org()), Map.of("Last-Event-ID", "1"))) {
            var cursor = helloCursor(stream);
            var resync = stream.await(e -> e.event().equals("resync"), WAIT);
            assertEquals("org:" + acme.org().id() + ":tasks", resync.topic());
            assertEquals(cursor, resync.id(), "it stands for everything up to where live delivery takes over");
        } finally {
            app.jdbi().useHandle(handle -> handle.execute("update events_horizon set pruned_through = 0"));
        }
    }

    @Test
    void typingReachesTheOthersOnTheTopicButNotOutsiders() {
        var acme = Fixtures.acme(app);
        var globex = Fixtures.globex(app);
        var topic = "org:" + acme.org().id() + ":tasks";
        try (var bobs = EventStream.open(app, acme.bob().session(), "topic=" + topic)) {
            helloCursor(bobs);
            assertEquals(204, acme.ann().session().postWithCsrfHeader("/live/typing", form("topic", topic)).status());
            var typing = bobs.await(e -> e.event().equals("typing"), WAIT);
            assertTrue(typing.data().contains("\"name\":\"Ann Owner\""), typing.data());
            assertTrue(typing.data().contains("\"user\":" + acme.ann().id()), typing.data());
            assertEquals(404, globex.gus().session().postWithCsrfHeader("/live/typing", form("topic", topic)).status());
            assertNull(bobs.drain(QUIET).stream().filter(e -> e.event().equals("typing")).findAny().orElse(null));
        }
    }

    @Test
    void presenceShowsWhoIsOnAProjectAndKeepsThemWhileATabRemains() {
        var acme = Fixtures.acme(app);
        var project = Fixtures.workspace(app, acme.org(), acme.ann()).projectId();
        var topic = "topic=org:" + acme.org().id() + ":project:" + project;
        try (var anns = EventStream.open(app, acme.ann().session(), topic)) {
            anns.await(e -> e.event().equals("presence") && e.data().contains("data-user-id=\"" + acme.ann().id() + "\""), WAIT);
            var bobTab1 = EventStream.open(app, acme.bob().session(), topic);
            var bobTab2 = EventStream.open(app, acme.bob().session(), topic);
            anns.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "online"), WAIT);
            bobTab1.close();
            anns.drain(QUIET);
            assertTrue(bobIs(latestPresence(app, topic), acme.bob().id(), "online"), "one of two tabs closed: still here");
            bobTab2.close();
            anns.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "offline"), WAIT);
        }
    }

    @Test
    void aBrowserWhoseLastTabClosedLeavesAtOnceAndOnlyItsOwnerCanSaySo() {
        var acme = Fixtures.acme(app);
        var project = Fixtures.workspace(app, acme.org(), acme.ann()).projectId();
        var topic = "topic=org:" + acme.org().id() + ":project:" + project;
        try (var anns = EventStream.open(app, acme.ann().session(), topic);
             var bobs = EventStream.open(app, acme.bob().session(), topic)) {
            var hello = bobs.await(e -> e.event().equals("hello"), WAIT).topic();
            var connection = hello.replaceAll(".*\"connection\":\"([^\"]+)\".*", "$1");
            anns.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "online"), WAIT);
            assertEquals(404, acme.ann().session().postWithCsrfHeader("/live/presence",
                    form("connection", connection, "gone", "true")).status(), "not Ann's connection");
            assertEquals(204, acme.bob().session().postWithCsrfHeader("/live/presence",
                    form("connection", connection, "away", "true")).status());
            anns.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "away"), WAIT);
            assertEquals(204, acme.bob().session().postWithCsrfHeader("/live/presence",
                    form("connection", connection, "gone", "true")).status());
            anns.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "offline"), WAIT);
        }
    }

    @Test
    void aStreamSaysAwayTopicByTopicAndOnlyOfTheTopicsItFollows() {
        var acme = Fixtures.acme(app);
        var project = Fixtures.workspace(app, acme.org(), acme.ann()).projectId();
        var board = "topic=" + Topics.board(acme.org().id());
        var onProject = "topic=" + Topics.project(acme.org().id(), project);
        try (var annOnBoard = EventStream.open(app, acme.ann().session(), board);
             var annOnProject = EventStream.open(app, acme.ann().session(), onProject);
             var bobsBoth = EventStream.open(app, acme.bob().session(), board + "&" + onProject)) {
            var both = connectionOf(bobsBoth);
            annOnBoard.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "online"), WAIT);
            annOnProject.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "online"), WAIT);

            // His tabs on the project are all hidden, his board tab is not: away on the project only.
            assertEquals(204, acme.bob().session().postWithCsrfHeader("/live/presence",
                    form("connection", both, "away", "true", "topic", Topics.project(acme.org().id(), project))).status());
            annOnProject.await(e -> e.event().equals("presence") && bobIs(e, acme.bob().id(), "away"), WAIT);
            annOnBoard.drain(QUIET);
            assertTrue(bobIs(latestPresence(app, board), acme.bob().id(), "online"));

            // A stream cannot speak for a topic it does not follow, even one another stream of his does.
            var bobsBoard = EventStream.open(app, acme.bob().session(), board);
            var boardOnly = connectionOf(bobsBoard);
            assertEquals(204, acme.bob().session().postWithCsrfHeader("/live/presence",
                    form("connection", boardOnly, "away", "false", "topic", Topics.project(acme.org().id(), project))).status());
            annOnProject.drain(QUIET);
            assertTrue(bobIs(latestPresence(app, onProject), acme.bob().id(), "away"));
            // Nor anyone else for his stream.
            assertEquals(404, acme.ann().session().postWithCsrfHeader("/live/presence",
                    form("connection", both, "away", "false", "topic", Topics.project(acme.org().id(), project))).status());
            assertTrue(bobIs(latestPresence(app, onProject), acme.bob().id(), "away"));
            bobsBoard.close();
        }
    }

    private static String connectionOf(EventStream stream) {
        return stream.await(e -> e.event().equals("hello"), WAIT).topic().replaceAll(".*\"connection\":\"([^\"]+)\".*", "$1");
    }

    /**
     * A bulk change of 600 tasks is one event whose rows come to hundreds of kilobytes, more than a
     * stream may hold. Sending it would drop every stream of the org at once, and each would drop again
     * when the reconnect replayed it. The pages reload their lists instead, and the stream stays.
     */
    @Test
    void aChangeOfMoreRowsThanAStreamHoldsReloadsTheListAndTheStreamStays() {
        var acme = Fixtures.acme(app);
        var org = Fixtures.createOrg(app, acme.ann(), "Bulk burst");
        var ids = manyTasks(org, acme.ann(), 600);
        try (var stream = EventStream.open(app, acme.ann().session(), "topic=org:" + org.id() + ":tasks")) {
            helloCursor(stream);
            app.jdbi().useTransaction(handle -> Broadcasts.tasksChanged(handle, org.id(), ids));

            var resync = stream.await(e -> !e.event().equals("presence"), WAIT);
            assertEquals("resync", resync.event(), "the page reloads its list: " + resync);
            assertEquals("org:" + org.id() + ":tasks", resync.topic());
            assertEquals(newestEvent(org), resync.id(), "in place of that event: a reconnect resumes after it");
            assertTheStreamGoesOn(stream, acme.ann(), org);
        }
    }

    /**
     * 500 changes committed together reach the node as one batch, more than a stream may hold, though
     * the client reads as fast as it can: that is the server's burst (as when the feed catches up
     * after a pause), not a slow client. The page reloads its list instead of losing its stream.
     */
    @Test
    void aBurstOfChangesBiggerThanAStreamHoldsReloadsTheListAndTheStreamStays() {
        var acme = Fixtures.acme(app);
        var org = Fixtures.createOrg(app, acme.ann(), "Change burst");
        var ids = manyTasks(org, acme.ann(), 500);
        try (var stream = EventStream.open(app, acme.ann().session(), "topic=org:" + org.id() + ":tasks")) {
            helloCursor(stream);
            app.jdbi().useTransaction(handle -> {
                for (var id : ids) {
                    Broadcasts.tasksChanged(handle, org.id(), List.of(id));
                }
            });

            var received = stream.drain(QUIET).stream().filter(e -> !e.event().equals("presence")).toList();
            var resyncs = received.stream().filter(e -> e.event().equals("resync")).toList();
            assertEquals(1, resyncs.size(), "the page reloads its list once: " + received.size() + " frames");
            assertEquals(newestEvent(org), resyncs.get(0).id(), "for the whole burst, up to its newest event");
            assertEquals(resyncs.get(0), received.get(received.size() - 1), "the rest of the burst is left to the reload");
            assertTheStreamGoesOn(stream, acme.ann(), org);
        }
    }

    /**
     * A burst's resync skips the presence frames queued with it, and reloading the page does not show
     * who is here (it renders the list empty for the stream to fill): so the latest list of each of the
     * stream's presence topics comes again right after the resync.
     */
    @Test
    void afterABurstsResyncTheStreamSaysAgainWhoIsHere() {
        var acme = Fixtures.acme(app);
        var org = Fixtures.createOrg(app, acme.ann(), "Burst with people");
        var project = Seed.project(app, org, "Where Ann is").insert();
        var ids = manyTasks(org, acme.ann(), 500);
        var projectTopic = Topics.project(org.id(), project);
        try (var stream = EventStream.open(app, acme.ann().session(),
                "topic=org:" + org.id() + ":tasks&topic=" + projectTopic)) {
            helloCursor(stream);
            stream.await(e -> e.event().equals("presence"), WAIT);
            app.jdbi().useTransaction(handle -> {
                for (var id : ids) {
                    Broadcasts.tasksChanged(handle, org.id(), List.of(id));
                }
            });

            var received = stream.drain(QUIET);
            var resync = received.stream().filter(e -> e.event().equals("resync")).reduce((a, b) -> b).orElseThrow();
            var after = received.subList(received.indexOf(resync) + 1, received.size());
            var presence = after.stream().filter(e -> e.event().equals("presence") && e.topic().equals(projectTopic)).findFirst();
            assertTrue(presence.isPresent(), "who is here, again after the resync: " + after);
            assertTrue(presence.get().data().contains("data-user-id=\"" + acme.ann().id() + "\""), presence.get().data());
            assertTheStreamGoesOn(stream, acme.ann(), org);
        }
    }

    /**
     * A page reconnects far behind and reads slowly, so its replay waits for it, while more live events
     * arrive than a stream holds back during a replay ({@link Stream#MAX_HELD}). The stream is not
     * dropped (a reconnect would replay it all again): after the replay, a resync stands for the live
     * events, up to the newest, and the page reloads its list.
     */
    @Test
    void liveEventsThatOutrunASlowReplayBecomeAResync() throws Exception {
        var acme = Fixtures.acme(app);
        var org = Fixtures.createOrg(app, acme.ann(), "Replay outrun");
        var ids = manyTasks(org, acme.ann(), 100);
        var topic = "topic=org:" + org.id() + ":tasks";
        var since = app.queryOne(Long.class, "select coalesce(max(id), 0) from events");
        try (var reading = EventStream.open(app, acme.ann().session(), topic)) {
            helloCursor(reading);
            // 120 changes of 100 rows, about 70 KB each: 8 MB to replay, more than the sockets hold.
            app.jdbi().useTransaction(handle -> {
                for (int i = 0; i < 120; i++) {
                    Broadcasts.tasksChanged(handle, org.id(), ids);
                }
            });
            var replayedThrough = newestEvent(org);
            // Once the node has delivered them, a stream that opens gets all of them from its replay.
            reading.await(e -> e.id() >= replayedThrough, Duration.ofSeconds(30));
            try (var slow = EventStream.openPaused(app, acme.ann().session(), topic, Map.of("Last-Event-ID", String.valueOf(since)))) {
                Thread.sleep(500); // its replay has filled what the sockets hold, and waits
                app.jdbi().useTransaction(handle -> {
                    for (int i = 0; i <= Stream.MAX_HELD; i++) {
                        Broadcasts.tasksChanged(handle, org.id(), List.of(ids.get(i % ids.size())));
                    }
                });
                var newest = newestEvent(org);
                reading.await(e -> e.id() >= newest, Duration.ofSeconds(30)); // the node has delivered them all

                slow.resume();
                var received = new ArrayList<EventStream.Received>();
                for (EventStream.Received e; (e = slow.next(Duration.ofSeconds(20))) != null; ) {
                    if (e.id() > 0) {
                        received.add(e);
                    }
                    if (e.event().equals("resync") && e.id() >= newest) {
                        break;
                    }
                }

                var fragments = received.stream().filter(e -> e.event().equals("fragment")).toList();
                assertEquals(120, fragments.size(), "the replay, whole: " + received.stream().map(e -> e.event() + " " + e.id()).toList()
                        + (slow.ended() ? ", then the stream ended" : ""));
                assertEquals(replayedThrough, fragments.get(fragments.size() - 1).id());
                var last = received.get(received.size() - 1);
                assertEquals("resync", last.event(), "then the page reloads its list, for the live events: " + last);
                assertEquals(newest, last.id(), "up to the newest");
                assertTheStreamGoesOn(slow, acme.ann(), org);
            }
        }
    }

    /**
     * A client that stops reading has its stream dropped once its backlog passes the bound (it would
     * reconnect and replay), and a client beside it that reads gets every event, in order.
     */
    @Test
    void aClientThatStopsReadingIsDroppedAndTheOthersGetEverything() throws Exception {
        var acme = Fixtures.acme(app);
        var org = Fixtures.createOrg(app, acme.ann(), "Slow reader");
        var ids = manyTasks(org, acme.ann(), 100);
        var topic = "topic=org:" + org.id() + ":tasks";
        var uri = URI.create(app.baseUrl());
        try (var stuck = new Socket();
             var reader = EventStream.open(app, acme.ann().session(), topic)) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            stuck.getOutputStream().write(("GET /live?" + topic + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\nAccept: text/event-stream\r\nCookie: " + HttpSession.SESSION_COOKIE + "="
                    + acme.ann().session().sessionCookie() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = stuck.getInputStream();
            var start = new StringBuilder();
            while (start.indexOf("event: hello") < 0) { // registered; from here on it reads nothing
                start.append((char) in.read());
            }
            helloCursor(reader);
            long sent = 0;

            // 80 changes of 100 rows, about 95 KB each: 7.6 MB, far more than the stuck client's socket buffers
            // (Linux lets a send buffer grow to 4 MB by default; here about 3 MB reached the client) and its
            // queue. One at a time, each once the reader has it, so none is part of a burst (see the tests above).
            for (int i = 0; i < 80; i++) {
                var round = i;
                app.jdbi().useTransaction(handle -> {
                    handle.createUpdate("update tasks set title = 'Round ' || :round || ' ' || repeat('y', 200) where id = any(:ids)")
                            .bind("round", round).bind("ids", ids.toArray(Long[]::new)).execute();
                    Broadcasts.tasksChanged(handle, org.id(), ids);
                });
                var event = reader.await(e -> e.event().equals("fragment"), WAIT);
                assertTrue(event.data().contains("Round " + i + " "), "the reading client gets change " + i + " in order");
                sent += event.data().length();
            }
            // The stuck client's stream was dropped: what reached its socket ends, well before it was all sent.
            stuck.setSoTimeout(10_000);
            long read = start.length();
            var buffer = new byte[65536];
            var deadline = System.nanoTime() + 15_000_000_000L;
            int n = 0;
            try {
                while (System.nanoTime() < deadline && (n = in.read(buffer)) >= 0) {
                    read += n;
                }
            } catch (SocketException reset) {
                n = -1; // cut while bytes were still on their way: also the end
            }
            assertEquals(-1, n, "the server ended the stuck stream");
            assertTrue(read < sent, "it was not sent everything: " + read + " of " + sent + " bytes");
        }
    }

    /** The next change reaches the same stream, which is still open. */
    private static void assertTheStreamGoesOn(EventStream stream, Fixtures.Person person, Fixtures.Org org) {
        var id = createTask(person.session(), org, "After the burst");
        var next = stream.await(e -> e.event().equals("fragment"), WAIT);
        assertTrue(next.data().contains("id=\"task-" + id + "\""), "the same stream goes on");
        assertFalse(stream.ended());
    }

    private static long newestEvent(Fixtures.Org org) {
        return app.queryOne(Long.class, "select max(id) from events where topic = ?", "org:" + org.id() + ":tasks");
    }

    /** Tasks with long titles (about 700 bytes a row), through SQL. */
    private static List<Long> manyTasks(Fixtures.Org org, Fixtures.Person owner, int count) {
        return app.queryList(Long.class, """
                insert into tasks (org_id, title, status, priority, position, created_by)
                select ?, 'Task ' || n || ' ' || repeat('x', 200), 'TODO', 'LOW', n * 1024, ? from generate_series(1, ?) n
                returning id
                """, org.id(), owner.id(), count);
    }

    private static boolean bobIs(EventStream.Received event, long bobId, String state) {
        return Pattern.compile("presence-" + state + "\" data-user-id=\"" + bobId + "\"").matcher(event.data()).find();
    }

    private static EventStream.Received latestPresence(TestApp app, String topicQuery) {
        var topic = topicQuery.substring("topic=".length());
        var html = app.jdbi().withHandle(handle -> Presence.list(handle, topic)).people().stream()
                .map(p -> "presence-" + p.state() + "\" data-user-id=\"" + p.userId() + "\"").reduce("", String::concat);
        return new EventStream.Received(0, "presence", topic, html);
    }
}
