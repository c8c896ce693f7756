package hearth.live;

import static hearth.live.LiveStreamTest.createTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.ChildApp;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Hearth processes on one database: what one commits reaches the other's streams, and a node can die. */
class MultiNodeTest {
    private static final Map<String, String> FAST_HEARTBEAT = Map.of("LIVE_HEARTBEAT_SECONDS", "1");

    @RegisterExtension
    static TestApp app = new TestApp().withConfig("LIVE_HEARTBEAT_SECONDS", "1");

    @Test
    void aChangeMadeThroughOneProcessReachesTheStreamsOfTheOther() {
        var acme = Fixtures.acme(app);
        try (var node = ChildApp.start(app.jdbcUrl(), FAST_HEARTBEAT);
             var stream = EventStream.open(node.baseUrl(), acme.ann().session(), "topic=org:" + acme.org().id() + ":tasks", Map.of())) {
            assertEquals(200, stream.status());
            stream.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
            var id = createTask(acme.bob().session(), acme.org(), "Made on the first node");
            var event = stream.await(e -> e.event().equals("fragment"), Duration.ofSeconds(5));
            assertTrue(event.data().contains("id=\"task-" + id + "\""), event.data());
        }
    }

    @Test
    void clientsOfAKilledProcessReconnectToTheOtherAndEndWithEveryEventExactlyOnce() throws Exception {
        var acme = Fixtures.acme(app);
        var orgId = acme.org().id();
        var topic = Topics.tasks(orgId);
        var taskId = createTask(acme.ann().session(), acme.org(), "Burst target");
        var start = app.queryOne(Long.class, "select coalesce(max(id), 0) from events");
        var node = ChildApp.start(app.jdbcUrl(), FAST_HEARTBEAT);
        var clients = new ArrayList<EventStream>();
        try {
            for (int i = 0; i < 5; i++) {
                var stream = EventStream.open(node.baseUrl(), acme.ann().session(), "topic=" + topic + "&since=" + start, Map.of());
                stream.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
                clients.add(stream);
            }
            // First 1,000 changes in one transaction: together more than a stream holds, so each client gets
            // a resync that stands for them (as a page would reload), whatever the timing of what follows.
            app.jdbi().useTransaction(handle -> {
                for (int i = 0; i < 1_000; i++) {
                    Outbox.publish(handle, orgId, topic, "task.changed", Outbox.ids(List.of(taskId)));
                }
            });
            var published = new AtomicInteger();
            var burst = new Thread(() -> {
                for (int batch = 0; batch < 100; batch++) {
                    app.jdbi().useTransaction(handle -> {
                        for (int i = 0; i < 100; i++) {
                            Outbox.publish(handle, orgId, topic, "task.changed", Outbox.ids(List.of(taskId)));
                        }
                    });
                    published.addAndGet(100);
                }
            });
            burst.start();
            while (published.get() < 3_000) {
                Thread.sleep(5);
            }
            node.kill();

            var received = new ArrayList<List<EventStream.Received>>();
            for (var stream : clients) {
                var ids = new ArrayList<EventStream.Received>();
                var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!stream.ended() && System.nanoTime() < deadline) {
                    collect(stream.next(Duration.ofMillis(50)), ids);
                }
                stream.drain(Duration.ofMillis(50)).forEach(e -> collect(e, ids));
                assertTrue(stream.ended(), "the killed node's stream ended");
                received.add(ids);
            }
            burst.join();
            // Each client reconnects to the surviving node from the last event it saw.
            for (int i = 0; i < clients.size(); i++) {
                var ids = received.get(i);
                var last = ids.isEmpty() ? start : ids.get(ids.size() - 1).id();
                try (var again = EventStream.open(app, acme.ann().session(), "topic=" + topic,
                        Map.of("Last-Event-ID", String.valueOf(last)))) {
                    again.drain(Duration.ofSeconds(2)).forEach(e -> collect(e, ids));
                }
            }
            var expected = app.jdbi().withHandle(handle -> handle.createQuery(
                            "select id from events where topic = :topic and id > :start order by id")
                    .bind("topic", topic).bind("start", start).mapTo(Long.class).list());
            assertEquals(11_000, expected.size());
            for (var frames : received) {
                // Compared as summaries: a failure must not print ten thousand ids.
                var accounted = everyEventOnce(frames, start);
                assertEquals(expected.size(), accounted.size(), "every event exactly once");
                assertEquals(expected.hashCode(), accounted.hashCode(), "the same events, in order");
                assertTrue(accounted.equals(expected), "the same events, in order");
                assertTrue(frames.stream().anyMatch(frame -> frame.event().equals("resync")), "the first thousand came as a resync");
            }
        } finally {
            clients.forEach(EventStream::close);
            node.close();
        }
    }

    @Test
    void aNodeAloneKeepsItsSignalsToItselfAndSendsThemOutOnceAnotherStarts() throws Exception {
        var acme = Fixtures.acme(app);
        var topic = Topics.project(acme.org().id(), Fixtures.workspace(app, acme.org(), acme.ann()).projectId());
        // The nodes of other tests are gone (closed, or killed and cleared after three heartbeats), and this
        // node has read the nodes table since (once a heartbeat).
        var until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (app.count("live_nodes") > 1 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(1, app.count("live_nodes"));
        Thread.sleep(2_500);
        var properties = new java.util.Properties();
        try (var listener = java.sql.DriverManager.getConnection(app.jdbcUrl(), properties);
             var bobsHere = EventStream.open(app, acme.bob().session(), "topic=" + topic)) {
            listener.createStatement().execute("listen hearth_signals");
            var notifications = listener.unwrap(org.postgresql.PGConnection.class);
            bobsHere.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
            assertEquals(204, acme.ann().session().postWithCsrfHeader("/live/typing", Fixtures.form("topic", topic)).status());
            bobsHere.await(e -> e.event().equals("typing"), Duration.ofSeconds(5));
            assertEquals(0, signalsWithin(notifications, Duration.ofSeconds(1), "typing"), "Alone, the node sent its typing signal to nobody");

            try (var node = ChildApp.start(app.jdbcUrl(), FAST_HEARTBEAT);
                 var bobsThere = EventStream.open(node.baseUrl(), acme.bob().session(), "topic=" + topic, Map.of())) {
                bobsThere.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
                assertEquals(204, acme.ann().session().postWithCsrfHeader("/live/typing", Fixtures.form("topic", topic)).status());
                var typing = bobsThere.await(e -> e.event().equals("typing"), Duration.ofSeconds(5));
                assertTrue(typing.data().contains("\"user\":" + acme.ann().id()),
                        "Posted to this node, it reached the other at once: " + typing.data());
            }
        }
    }

    /** How many NOTIFYs on the signals channel carried {@code kind} within {@code time}. */
    private static int signalsWithin(org.postgresql.PGConnection connection, Duration time, String kind) throws Exception {
        var until = System.nanoTime() + time.toNanos();
        int count = 0;
        while (System.nanoTime() < until) {
            var received = connection.getNotifications(100);
            if (received != null) {
                for (var notification : received) {
                    if (notification.getParameter().contains("\"k\":\"" + kind + "\"")) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    @Test
    void aKilledProcessTakesItsPresencesWithIt() {
        var acme = Fixtures.acme(app);
        var project = Fixtures.workspace(app, acme.org(), acme.ann()).projectId();
        var topic = "topic=" + Topics.project(acme.org().id(), project);
        var node = ChildApp.start(app.jdbcUrl(), FAST_HEARTBEAT);
        try (var anns = EventStream.open(app, acme.ann().session(), topic)) {
            var bobs = EventStream.open(node.baseUrl(), acme.bob().session(), topic, Map.of());
            anns.await(e -> e.event().equals("presence") && e.data().contains("presence-online\" data-user-id=\"" + acme.bob().id()),
                    Duration.ofSeconds(5));
            node.kill();
            bobs.close();
            // Three missed heartbeats (3 s here; 45 s with the default 15 s) and the others clear it.
            anns.await(e -> e.event().equals("presence") && e.data().contains("presence-offline\" data-user-id=\"" + acme.bob().id()),
                    Duration.ofSeconds(10));
        } finally {
            node.close();
        }
    }

    /** Outbox events: fragments, and resyncs that stand for the events up to their id (a burst bigger than a stream holds). */
    private static void collect(EventStream.Received event, List<EventStream.Received> frames) {
        if (event != null && event.id() > 0) {
            frames.add(event);
        }
    }

    /**
     * The events after {@code start} a client has accounted for, in order: each fragment's, and for a
     * resync every event of the topic after the one before it, up to its id (the page reloads instead).
     * A fragment or resync that is not newer than what came before is a duplicate and fails.
     */
    private static List<Long> everyEventOnce(List<EventStream.Received> frames, long start) {
        var accounted = new ArrayList<Long>();
        var seen = start;
        for (var frame : frames) {
            assertTrue(frame.id() > seen, "in order, none twice: " + frame.id() + " after " + seen);
            if (frame.event().equals("resync")) {
                accounted.addAll(app.queryList(Long.class, "select id from events where topic = ? and id > ? and id <= ? order by id",
                        frame.topic(), seen, frame.id()));
            } else {
                accounted.add(frame.id());
            }
            seen = frame.id();
        }
        return accounted;
    }
}
