package hearth.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.orgs.Plan;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tier policy in PostgreSQL: exact boundaries under concurrency, resets, refunds and token quotas. */
class QuotasTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    private static final Instant TEN_FIFTY_NINE = Instant.parse("2026-11-23T10:59:30Z");

    @Test
    void ofTwentyConcurrentRequestsUnderALimitOfTenExactlyTenPass() throws Exception {
        var acme = Fixtures.acme(app);
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(20);
        var attempts = new ArrayList<java.util.concurrent.Future<Boolean>>();
        for (int i = 0; i < 20; i++) {
            Callable<Boolean> attempt = () -> {
                start.await();
                try {
                    app.jdbi().useTransaction(handle -> Quotas.admit(handle, acme.org().id(), acme.ann().id(), Plan.FREE, TEN_FIFTY_NINE));
                    return true;
                } catch (Quotas.Exceeded e) {
                    return false;
                }
            };
            attempts.add(pool.submit(attempt));
        }
        start.countDown();
        int admitted = 0;
        for (var attempt : attempts) {
            admitted += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(10, admitted);
        assertEquals(10, app.queryOne(Integer.class,
                "select requests from ai_counters where scope = 'user' and scope_id = ? and period = 'hour'", acme.ann().id()));
        // The refused ten left no trace in the other counters either: their transactions rolled back.
        assertEquals(10, app.queryOne(Integer.class,
                "select requests from ai_counters where scope = 'org' and scope_id = ? and period = 'day'", acme.org().id()));
    }

    @Test
    void theTenthRequestPassesTheEleventhIsRefusedAndTheNextHourStartsAgain() {
        var acme = Fixtures.acme(app);
        for (int i = 1; i <= 10; i++) {
            admit(acme, TEN_FIFTY_NINE);
        }
        var refused = assertThrows(Quotas.Exceeded.class, () -> admit(acme, TEN_FIFTY_NINE));
        assertEquals("hour", refused.standing().period());
        assertEquals(0, refused.standing().requestsLeft());
        assertEquals(Instant.parse("2026-11-23T11:00:00Z"), refused.standing().resetsAt());
        assertTrue(refused.getMessage().contains("10 requests"), refused.getMessage());
        assertTrue(refused.getMessage().contains("0 requests remain"), refused.getMessage());
        assertTrue(refused.getMessage().contains("11:00 UTC"), refused.getMessage());

        admit(acme, Instant.parse("2026-11-23T11:00:00Z"));
    }

    @Test
    void hadRoomSaysWhatAdmitWouldDecideWithoutCountingAnything() {
        var acme = Fixtures.acme(app);
        for (int i = 1; i <= 9; i++) {
            assertTrue(hadRoom(acme, TEN_FIFTY_NINE), "request " + i);
            admit(acme, TEN_FIFTY_NINE);
        }
        assertTrue(hadRoom(acme, TEN_FIFTY_NINE));
        assertTrue(hadRoom(acme, TEN_FIFTY_NINE), "asking changed nothing: the tenth still passes");
        admit(acme, TEN_FIFTY_NINE);
        assertTrue(!hadRoom(acme, TEN_FIFTY_NINE), "the hour's limit of 10 is reached");
        assertTrue(hadRoom(acme, Instant.parse("2026-11-23T11:00:01Z")), "a new hour");
        app.update("update plan_quotas set tokens = 0 where plan = 'FREE' and scope = 'org' and period = 'month'");
        assertTrue(!hadRoom(acme, Instant.parse("2026-11-23T11:00:01Z")), "a limit of nothing, with no counter yet");
    }

    private static boolean hadRoom(Fixtures.Acme acme, Instant at) {
        return app.jdbi().withHandle(handle -> Quotas.hadRoom(handle, acme.org().id(), acme.ann().id(), Plan.FREE, at));
    }

    @Test
    void aFailedRequestIsGivenBack() {
        var acme = Fixtures.acme(app);
        for (int i = 1; i <= 9; i++) {
            admit(acme, TEN_FIFTY_NINE);
        }
        var failed = admit(acme, TEN_FIFTY_NINE);
        app.jdbi().useTransaction(handle -> Quotas.refund(handle, failed));
        admit(acme, TEN_FIFTY_NINE);
        assertThrows(Quotas.Exceeded.class, () -> admit(acme, TEN_FIFTY_NINE));
    }

    @Test
    void theDailyTokenQuotaRefusesOnceItIsUsedUp() {
        var acme = Fixtures.acme(app);
        var first = admit(acme, TEN_FIFTY_NINE);
        app.jdbi().useTransaction(handle -> Quotas.settle(handle, first, 100_000));
        var refused = assertThrows(Quotas.Exceeded.class, () -> admit(acme, TEN_FIFTY_NINE));
        assertEquals("day", refused.standing().period());
        assertEquals(0L, refused.standing().tokensLeft());
        assertTrue(refused.getMessage().contains("tokens"), refused.getMessage());
        // The next day has a fresh token quota.
        admit(acme, Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void theOrgsLimitCountsEveryMember() {
        var acme = Fixtures.acme(app);
        app.update("update plan_quotas set requests = 3 where plan = 'FREE' and scope = 'org' and period = 'day'");
        admit(acme, TEN_FIFTY_NINE);
        admit(acme, TEN_FIFTY_NINE);
        app.jdbi().useTransaction(handle -> Quotas.admit(handle, acme.org().id(), acme.bob().id(), Plan.FREE, TEN_FIFTY_NINE));
        var refused = assertThrows(Quotas.Exceeded.class, () -> app.jdbi().useTransaction(handle ->
                Quotas.admit(handle, acme.org().id(), acme.bob().id(), Plan.FREE, TEN_FIFTY_NINE)));
        assertEquals("org", refused.standing().scope());
        assertTrue(refused.getMessage().startsWith("Your organization has used all 3 requests"), refused.getMessage());
    }

    @Test
    void enterpriseIsUnlimited() {
        var acme = Fixtures.acme(app);
        for (int i = 0; i < 30; i++) {
            app.jdbi().useTransaction(handle -> Quotas.admit(handle, acme.org().id(), acme.ann().id(), Plan.ENTERPRISE, TEN_FIFTY_NINE));
        }
    }

    private static Quotas.Reservation admit(Fixtures.Acme acme, Instant at) {
        return app.jdbi().inTransaction(handle -> Quotas.admit(handle, acme.org().id(), acme.ann().id(), Plan.FREE, at));
    }
}
