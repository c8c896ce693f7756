package hearth.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Org;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record's history: its page shows the newest 50 entries and, when there are more, links to the older
 * ones, page by page, for every member who sees the record (the org's activity log is for owners and
 * admins only). Only the record's own entries, only in its org.
 */
class RecordHistoryTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;

    /** A kind of record: its URL segment and how to make one. */
    record Kind(String type, String segment) {
        long create(Org org, String name) {
            return switch (type) {
                case "task" -> Seed.task(app, org, name).insert();
                case "project" -> Seed.project(app, org, name).insert();
                default -> Seed.customer(app, org, name).insert();
            };
        }
    }

    static final List<Kind> KINDS = List.of(new Kind("task", "tasks"), new Kind("project", "projects"),
            new Kind("customer", "customers"));

    @BeforeAll
    static void orgs() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
    }

    @TestFactory
    Stream<DynamicTest> aPlainMemberFollowsTheLinkUnderTheHistoryBackToTheFirstEntry() {
        return KINDS.stream().map(kind -> dynamicTest(kind.type(), () -> {
            var id = kind.create(acme.org(), "Long-lived " + kind.type());
            entries(acme.org(), kind.type(), id, "Change", 120);
            var neighbour = kind.create(acme.org(), "Neighbouring " + kind.type());
            entries(acme.org(), kind.type(), neighbour, "Neighbour's change", 5);
            entries(globex.org(), kind.type(), id, "Globex change", 5);
            var bob = acme.bob().session();

            var page = bob.get("/o/acme/" + kind.segment() + "/" + id);
            assertEquals(200, page.status(), page.describe());
            var seen = new ArrayList<>(history(page));
            assertEquals(50, seen.size(), "the record's page shows the newest 50");
            var pages = 0;
            while (olderLink(page) != null) {
                var older = olderLink(page).attr("href");
                assertTrue(older.startsWith("/o/acme/" + kind.segment() + "/" + id + "/history?before="), older);
                page = bob.get(older);
                assertEquals(200, page.status(), page.describe());
                assertTrue(page.text().contains("Long-lived " + kind.type()), "the page names its record: " + page.describe());
                seen.addAll(history(page));
                pages++;
            }

            var expected = new ArrayList<String>();
            for (int n = 120; n >= 1; n--) {
                expected.add("Change " + n);
            }
            assertEquals(expected, seen, "every entry once, newest first, and no other record's");
            assertEquals(2, pages, "70 older entries are two pages of 50");
        }));
    }

    @Test
    void fiftyEntriesOrFewerNeedNoLink() {
        var id = Seed.task(app, acme.org(), "Short-lived task").insert();
        entries(acme.org(), "task", id, "Change", 50);

        var page = acme.bob().session().get("/o/acme/tasks/" + id);

        assertEquals(50, history(page).size());
        assertNull(olderLink(page), page.describe());
    }

    @Test
    void theHistoryPageWithoutACursorStartsAtTheNewestEntryAndTheOlderPagesLeadBackToIt() {
        var id = Seed.project(app, acme.org(), "Project with a past").insert();
        entries(acme.org(), "project", id, "Change", 60);

        var newest = acme.ann().session().get("/o/acme/projects/" + id + "/history");
        assertEquals(200, newest.status(), newest.describe());
        assertEquals("Change 60", history(newest).get(0));
        var older = acme.ann().session().get(olderLink(newest).attr("href"));

        assertEquals(List.of("Change 10", "Change 9", "Change 8", "Change 7", "Change 6", "Change 5", "Change 4",
                "Change 3", "Change 2", "Change 1"), history(older));
        var back = older.document().selectFirst("a:containsOwn(Newest entries)");
        assertNotNull(back, older.describe());
        assertEquals("/o/acme/projects/" + id + "/history", back.attr("href"));
    }

    @Test
    void anotherOrgsRecordHasNoHistoryToShowEvenUnderYourOwnOrg() {
        for (var kind : KINDS) {
            var globexRecord = kind.create(globex.org(), "Globex secret " + kind.type());
            entries(globex.org(), kind.type(), globexRecord, "Globex secret change", 60);
            var ann = acme.ann().session();

            for (var path : List.of("/o/acme/" + kind.segment() + "/" + globexRecord + "/history",
                    "/o/globex/" + kind.segment() + "/" + globexRecord + "/history?before=" + Long.MAX_VALUE)) {
                var response = ann.get(path);
                assertEquals(404, response.status(), response.describe());
                assertFalse(response.body().contains("Globex secret"), response.describe());
            }
        }
    }

    @Test
    void aDeletedRecordsHistoryIsNotFoundLikeItsPage() {
        var id = Seed.customer(app, acme.org(), "Gone customer").deleted(java.time.Instant.now()).insert();
        entries(acme.org(), "customer", id, "Change", 60);

        assertEquals(404, acme.ann().session().get("/o/acme/customers/" + id).status());
        assertEquals(404, acme.ann().session().get("/o/acme/customers/" + id + "/history").status());
    }

    // ---- helpers

    /** {@code count} entries "{summary} 1" … "{summary} count", oldest first, for one record. */
    static void entries(Org org, String type, long entityId, String summary, int count) {
        app.update("""
                insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
                select ?, null, 'updated', ?, ?, ? || ' ' || n from generate_series(1, ?) n order by n
                """, org.id(), type, entityId, summary, count);
    }

    static List<String> history(Response page) {
        return page.document().select("ol.timeline .timeline-what").eachText();
    }

    static Element olderLink(Response page) {
        return page.document().selectFirst("a:containsOwn(Older entries)");
    }
}
