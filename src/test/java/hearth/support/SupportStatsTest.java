package hearth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stats on data whose answers are known: counts, median and p90 of response and resolution times, volume per day. */
class SupportStatsTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person sam;
    Acme acme;

    @BeforeEach
    void people() {
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
    }

    @Test
    void anEmptyDeskHasZerosAndNoTimes() {
        var stats = load();
        assertEquals(0, stats.open() + stats.pending() + stats.unassigned() + stats.urgent());
        assertNull(stats.firstResponse().median());
        assertEquals("—", stats.firstResponse().medianLabel());
        assertEquals(SupportStats.DAYS, stats.days().size());
        assertEquals(LocalDate.now(ZoneOffset.UTC), stats.days().get(SupportStats.DAYS - 1).day());
    }

    @Test
    void countsMediansPercentilesAndVolumeOnKnownData() {
        // First responses after 10, 20, 30, 40 and 100 minutes: median 30 min, p90 40 + 0.6 × 60 = 76 min.
        for (var minutes : new int[] {10, 20, 30, 40, 100}) {
            conversation("open", "normal", null, "interval '" + minutes + " minutes'", null);
        }
        // Resolved after 1 h and 3 h: median 2 h, p90 1 + 0.9 × 2 = 2.8 h.
        conversation("closed", "urgent", sam.id(), null, "interval '1 hour'");
        conversation("closed", "normal", sam.id(), null, "interval '3 hours'");
        conversation("pending", "urgent", null, null, null);
        conversation("in_progress", "high", sam.id(), null, null);
        // Neither a merged duplicate nor an archived conversation is in the queue; the duplicate counts nowhere.
        var merged = conversation("open", "urgent", null, "interval '1 day'", null);
        app.update("update support_conversations set merged_into = (select min(id) from support_conversations) where id = ?", merged);
        var archived = conversation("open", "urgent", null, null, null);
        app.update("update support_conversations set archived_at = now() where id = ?", archived);
        var conversationId = app.queryOne(Long.class, "select min(id) from support_conversations");
        app.update("""
                insert into support_messages (conversation_id, author_id, kind, body, created_at)
                values (?, ?, 'user', 'a', now() - interval '2 days'), (?, ?, 'user', 'b', now() - interval '2 days'),
                       (?, ?, 'agent', 'c', now() - interval '2 days'), (?, ?, 'user', 'd', now())
                """, conversationId, acme.ann().id(), conversationId, acme.ann().id(), conversationId, sam.id(),
                conversationId, acme.ann().id());

        var stats = load();
        assertEquals(5, stats.open());
        assertEquals(1, stats.pending());
        assertEquals(1, stats.inProgress());
        assertEquals(6, stats.unassigned(), "Five open and the pending one have nobody");
        assertEquals(1, stats.urgent(), "The closed, merged and archived urgent ones do not count");
        assertEquals(1800.0, stats.firstResponse().median(), 0.5);
        assertEquals(4560.0, stats.firstResponse().p90(), 0.5);
        assertEquals(5, stats.firstResponse().count());
        assertEquals("30 min", stats.firstResponse().medianLabel());
        assertEquals("1 h 16 min", stats.firstResponse().p90Label());
        assertEquals(7200.0, stats.resolution().median(), 0.5);
        assertEquals(10080.0, stats.resolution().p90(), 0.5);
        var twoDaysAgo = stats.days().get(SupportStats.DAYS - 3);
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(2), twoDaysAgo.day());
        assertEquals(10, twoDaysAgo.conversations(), "Every conversation but the merged one was opened two days ago");
        assertEquals(2, twoDaysAgo.messages(), "Only the members' messages");
        assertEquals(1, stats.days().get(SupportStats.DAYS - 1).messages());

        var page = sam.session().get("/admin/support/stats");
        assertEquals(200, page.status());
        assertEquals("5", page.document().getElementById("stat-open").text());
        assertEquals("1", page.document().getElementById("stat-urgent").text());
        assertTrue(page.document().getElementById("first-response").text().contains("30 min"));
        assertTrue(page.document().getElementById("resolution").text().contains("2 h"));
        assertEquals(SupportStats.DAYS * 2, page.document().select("svg.volume-chart rect").size());
    }

    private long conversation(String status, String priority, Long assignee, String firstResponseAfter, String closedAfter) {
        return app.queryOne(Long.class, """
                insert into support_conversations (org_id, user_id, subject, status, priority, assignee_id, created_at,
                                                   first_response_at, closed_at)
                values (?, ?, 'Known', ?, ?, ?, now() - interval '2 days',
                        now() - interval '2 days' + %s, now() - interval '2 days' + %s)
                returning id
                """.formatted(firstResponseAfter == null ? "null" : firstResponseAfter, closedAfter == null ? "null" : closedAfter),
                acme.org().id(), acme.ann().id(), status, priority, assignee);
    }

    private SupportStats load() {
        return app.jdbi().withHandle(handle -> SupportStats.load(handle, Clock.systemUTC()));
    }
}
