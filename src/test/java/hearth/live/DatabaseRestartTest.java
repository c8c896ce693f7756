package hearth.live;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.App;
import hearth.Config;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL itself restarts under a running Hearth (its own embedded server, so the other test
 * classes are not disturbed): the app recovers without a restart and no event is lost.
 */
class DatabaseRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void theAppRecoversWhenPostgresRestartsAndTheStreamMissesNothing() throws Exception {
        var port = freePort();
        var postgres = start(dataDir, port);
        App app = null;
        try {
            app = App.start(Config.from(Map.of("PORT", "0", "DB_POOL_SIZE", "4", "LIVE_HEARTBEAT_SECONDS", "1",
                    "DATABASE_URL", "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres")), null);
            var baseUrl = "http://127.0.0.1:" + app.port();
            var ann = new HttpSession(baseUrl);
            ann.get("/signup");
            assertEquals(303, ann.post("/signup", form("name", "Ann Owner", "email", "ann@acme.test",
                    "password", Fixtures.PASSWORD, "next", "")).status());
            var created = ann.post("/orgs", form("name", "Acme"));
            var orgPath = created.location();
            var orgId = app.database().jdbi().withHandle(h -> h.createQuery("select id from organizations").mapTo(Long.class).one());
            try (var stream = EventStream.open(baseUrl, ann, "topic=" + Topics.tasks(orgId), Map.of())) {
                stream.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
                createTask(ann, orgPath, "Before the restart");
                stream.await(e -> e.data().contains("Before the restart"), Duration.ofSeconds(5));

                postgres.close();
                postgres = start(dataDir, port);

                createTask(ann, orgPath, "After the restart");
                EventStream.Received after;
                try {
                    after = stream.await(e -> e.event().equals("fragment"), Duration.ofSeconds(15));
                } catch (AssertionError e) {
                    var live = app.live();
                    throw new AssertionError(e.getMessage() + "; streams here: " + live.hub().streamCount() + ", cursor "
                            + live.hub().cursor() + ", stream ended: " + stream.ended() + ", events: "
                            + app.database().jdbi().withHandle(h -> h.createQuery("select string_agg(id::text, ',') from events")
                                    .mapTo(String.class).one()), e);
                }
                assertTrue(after.data().contains("After the restart"), after.data());
            }
        } finally {
            if (app != null) {
                app.close();
            }
            postgres.close();
        }
    }

    /** Posts until the pool has reconnected: requests made while PostgreSQL was down may fail. */
    private static void createTask(HttpSession session, String orgPath, String title) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var response = session.post(orgPath + "/tasks", form("title", title, "description", "", "project", "",
                    "status", "TODO", "priority", "MEDIUM", "assignee", "", "due", ""));
            if (response.status() == 303 || System.nanoTime() > deadline) {
                assertEquals(303, response.status(), response.describe());
                // Still logged in: an error page during the outage must not have replaced the session.
                assertTrue(response.location().startsWith(orgPath + "/tasks/"), response.describe());
                return;
            }
            Thread.sleep(200);
        }
    }

    private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
