package hearth.auth;

import static hearth.testing.Fixtures.PASSWORD;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed logins are counted in PostgreSQL per IP address (5 per 5 minutes) and per email
 * (10 per 15 minutes). Every request here comes from 127.0.0.1, so the email rule is exercised by
 * writing failures from other addresses into the real table.
 */
class LoginThrottleTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ann;
    Person bob;
    LoginThrottle throttle;

    @BeforeEach
    void signUp() {
        ann = Fixtures.signUp(app, "Ann Owner", "ann@acme.test");
        bob = Fixtures.signUp(app, "Bob Member", "bob@acme.test");
        throttle = new LoginThrottle(app.jdbi());
    }

    @Test
    void fiveFailuresFromOneAddressBlockTheSixthAttemptUntilTheyAreOld() {
        var browser = app.newSession();
        for (int i = 0; i < 5; i++) {
            assertEquals(422, logIn(browser, ann.email(), "wrong-password").status());
        }

        var sixth = logIn(browser, ann.email(), PASSWORD);

        assertEquals(429, sixth.status(), sixth.describe());
        assertTrue(sixth.text().contains("Try again in 5 minutes"), sixth.describe());
        assertNotNull(sixth.header("Retry-After"));
        assertEquals(429, logIn(browser, bob.email(), PASSWORD).status(),
                "The address is blocked for every account, not only Ann's");

        app.update("update login_failures set failed_at = failed_at - interval '6 minutes'");

        var later = logIn(browser, ann.email(), PASSWORD);
        assertEquals(303, later.status(), later.describe());
    }

    @Test
    void aBurstOfParallelGuessesGetsNoMoreTriesThanGuessesOneAfterAnother() throws Exception {
        var browsers = new ArrayList<HttpSession>();
        for (int i = 0; i < 12; i++) {
            var browser = app.newSession();
            browser.get("/login");
            browsers.add(browser);
        }
        var pool = Executors.newFixedThreadPool(browsers.size());
        try {
            var go = new CountDownLatch(1);
            var guesses = new ArrayList<Future<Integer>>();
            for (var browser : browsers) {
                guesses.add(pool.submit(() -> {
                    go.await();
                    return logIn(browser, ann.email(), "wrong-password").status();
                }));
            }
            go.countDown();
            var statuses = new ArrayList<Integer>();
            for (var guess : guesses) {
                statuses.add(guess.get(60, TimeUnit.SECONDS));
            }

            // Each password check was counted before it was made: five were checked, the rest refused unchecked.
            assertEquals(5, statuses.stream().filter(status -> status == 422).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
            assertEquals(5, app.queryOne(Long.class, "select count(*) from login_failures"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRightPasswordIsNotCountedAsAFailure() {
        var browser = app.newSession();
        for (int i = 0; i < 6; i++) {
            assertEquals(303, logIn(browser, ann.email(), PASSWORD).status(), "login " + (i + 1));
            browser.post("/logout", java.util.Map.of());
            browser.get("/login");
        }

        assertEquals(0, app.queryOne(Long.class, "select count(*) from login_failures"));
    }

    @Test
    void fourFailuresFromOneAddressAreNotYetABlock() {
        var browser = app.newSession();
        for (int i = 0; i < 4; i++) {
            logIn(browser, ann.email(), "wrong-password");
        }

        assertEquals(303, logIn(browser, ann.email(), PASSWORD).status());
    }

    @Test
    void tenFailuresForOneEmailBlockItFromEveryAddress() {
        for (int i = 1; i <= 10; i++) {
            recordFailureAt("10.0.0." + i, "Ann@Acme.test", Duration.ZERO);
        }

        var blocked = logIn(app.newSession(), ann.email(), PASSWORD);
        assertEquals(429, blocked.status(), blocked.describe());
        assertTrue(blocked.text().contains("Try again in 15 minutes"), blocked.describe());
        assertEquals(303, logIn(app.newSession(), bob.email(), PASSWORD).status(),
                "Only Ann's email is blocked, not this address");

        app.update("update login_failures set failed_at = failed_at - interval '16 minutes'");

        assertEquals(303, logIn(app.newSession(), ann.email(), PASSWORD).status());
    }

    @Test
    void theEmailRuleIgnoresCaseAndSurroundingSpaces() {
        for (int i = 1; i <= 9; i++) {
            throttle.recordFailure("10.0.1." + i, "ann@acme.test");
        }
        assertTrue(throttle.blockedFor("10.9.9.9", "ann@acme.test").isEmpty(), "Nine failures are not yet a block");

        throttle.recordFailure("10.0.1.10", "  ANN@Acme.Test ");

        var wait = throttle.blockedFor("10.9.9.9", "Ann@acme.TEST");
        assertTrue(wait.isPresent());
        assertTrue(wait.get().compareTo(Duration.ofMinutes(15)) <= 0, wait.get().toString());
        assertTrue(wait.get().compareTo(Duration.ofMinutes(14)) > 0, wait.get().toString());
    }

    @Test
    void theWaitCountsFromTheFailureThatFilledTheQuota() {
        for (int i = 0; i < 5; i++) {
            recordFailureAt("10.0.2.1", "someone-" + i + "@acme.test", Duration.ofMinutes(4));
        }

        var wait = throttle.blockedFor("10.0.2.1", "ann@acme.test").orElseThrow();

        assertTrue(wait.compareTo(Duration.ofMinutes(1)) <= 0 && wait.compareTo(Duration.ofSeconds(50)) > 0,
                wait.toString());
        assertEquals(1, LoginThrottle.minutesToWait(wait));
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 5; i++) {
            recordFailureAt("10.0.3.1", "ann@acme.test", Duration.ofMinutes(6));
        }
        for (int i = 0; i < 10; i++) {
            recordFailureAt("10.0.3." + (i + 2), "bob@acme.test", Duration.ofMinutes(16));
        }

        assertTrue(throttle.blockedFor("10.0.3.1", "ann@acme.test").isEmpty());
        assertTrue(throttle.blockedFor("10.0.3.99", "bob@acme.test").isEmpty());
    }

    @Test
    void theLongerOfTwoBlocksIsTheOneReported() {
        for (int i = 0; i < 5; i++) {
            recordFailureAt("10.0.4.1", "other@acme.test", Duration.ofMinutes(3));
        }
        for (int i = 0; i < 10; i++) {
            recordFailureAt("10.0.4." + (i + 2), "ann@acme.test", Duration.ofMinutes(1));
        }

        var wait = throttle.blockedFor("10.0.4.1", "ann@acme.test").orElseThrow();

        assertEquals(14, LoginThrottle.minutesToWait(wait), wait.toString());
    }

    private static Response logIn(HttpSession browser, String email, String password) {
        return browser.post("/login", form("email", email, "password", password, "next", ""));
    }

    private static void recordFailureAt(String ip, String email, Duration ago) {
        app.update("insert into login_failures (ip, email, failed_at) values (?, lower(trim(?)), now() - ?::interval)",
                ip, email, ago.toSeconds() + " seconds");
    }
}
