package hearth.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.App;
import hearth.Config;
import hearth.testing.HttpSession;
import hearth.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two app processes on one database, as behind a load balancer without sticky sessions. */
class SessionsAcrossProcessesTest {
    private TestDatabase.Created database;
    private App first;
    private App second;

    @BeforeEach
    void startTwoProcesses() {
        database = TestDatabase.get().create();
        first = start();
        second = start();
    }

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        TestDatabase.get().drop(database.name());
    }

    @Test
    void aSessionStartedOnOneProcessWorksOnTheOtherAndSurvivesARestart() {
        var onFirst = new HttpSession(url(first));
        onFirst.get("/signup");
        var signup = onFirst.post("/signup", Map.of("name", "Ann Owner", "email", "ann@acme.test",
                "password", "correct horse battery"));
        assertEquals(303, signup.status());

        var onSecond = new HttpSession(url(second));
        onSecond.setCookie(HttpSession.SESSION_COOKIE, onFirst.sessionCookie());
        assertEquals(200, onSecond.get("/orgs/new").status(), "the second process knows the session");
        var created = onSecond.post("/orgs", Map.of("name", "Acme"));
        assertEquals(303, created.status(), "and accepts its CSRF token");

        first.close();
        first = start();
        var afterRestart = new HttpSession(url(first));
        afterRestart.setCookie(HttpSession.SESSION_COOKIE, onFirst.sessionCookie());
        assertEquals(200, afterRestart.get("/o/acme").status(), "the session survived the restart");
    }

    @Test
    void loggingOutOnOneProcessEndsTheSessionOnTheOther() {
        var onFirst = new HttpSession(url(first));
        onFirst.get("/signup");
        onFirst.post("/signup", Map.of("name", "Ann Owner", "email", "ann@acme.test", "password", "correct horse battery"));
        var cookie = onFirst.sessionCookie();

        var onSecond = new HttpSession(url(second));
        onSecond.setCookie(HttpSession.SESSION_COOKIE, cookie);
        onSecond.get("/orgs/new");
        assertEquals(303, onSecond.post("/logout").status());

        var stale = new HttpSession(url(first));
        stale.setCookie(HttpSession.SESSION_COOKIE, cookie);
        var page = stale.get("/orgs/new");
        assertEquals(303, page.status());
        assertTrue(page.header("Location").startsWith("/login"), page.describe());
    }

    @Test
    void failedLoginsCountAcrossBothProcesses() {
        var onFirst = new HttpSession(url(first));
        onFirst.get("/signup");
        onFirst.post("/signup", Map.of("name", "Ann Owner", "email", "ann@acme.test", "password", "correct horse battery"));
        var attacker = new HttpSession[] {new HttpSession(url(first)), new HttpSession(url(second))};
        for (int i = 0; i < 5; i++) {
            var client = attacker[i % 2];
            client.get("/login");
            assertEquals(422, client.post("/login", Map.of("email", "ann@acme.test", "password", "wrong " + i)).status());
        }
        var sixth = attacker[1];
        sixth.get("/login");
        var refused = sixth.post("/login", Map.of("email", "ann@acme.test", "password", "correct horse battery"));
        assertEquals(429, refused.status(), "five failures spread over two processes engage the limit");
        assertTrue(refused.text().contains("Try again in"), refused.describe());
    }

    private App start() {
        return App.start(Config.from(Map.of("PORT", "0", "DATABASE_URL", database.jdbcUrl(), "DB_POOL_SIZE", "3")), null);
    }

    private static String url(App app) {
        return "http://127.0.0.1:" + app.port();
    }
}
