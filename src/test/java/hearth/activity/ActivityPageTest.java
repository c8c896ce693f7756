package hearth.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The org's activity page: owners and admins only, newest first, filtered by who, what, action and date. */
class ActivityPageTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static Person carol;
    static HttpSession ann;
    /** Entry ids by what they are. */
    static List<Long> annTaskCreatedIn2020 = new ArrayList<>();
    static List<Long> bobCustomerUpdatedIn2025 = new ArrayList<>();
    static List<Long> annProjectDeletedToday = new ArrayList<>();
    static List<Long> all = new ArrayList<>();

    @BeforeAll
    static void entries() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        carol = Fixtures.join(app, acme.org(), acme.ann(), "Carol Admin", "carol@acme.test", "ADMIN");
        ann = acme.ann().session();
        for (int i = 0; i < 30; i++) {
            annTaskCreatedIn2020.add(entry(acme.ann().id(), "created", "task", 1000L + i, "Created “Old task " + i + "”",
                    "2020-03-0" + (1 + i % 9) + " 12:00:00+00"));
        }
        for (int i = 0; i < 20; i++) {
            bobCustomerUpdatedIn2025.add(entry(acme.bob().id(), "updated", "customer", 2000L + i, "status: Lead → Active",
                    "2025-07-1" + (i % 10) + " 12:00:00+00"));
        }
        for (int i = 0; i < 10; i++) {
            annProjectDeletedToday.add(entry(acme.ann().id(), "deleted", "project", 3000L + i, "Deleted (bulk)", null));
        }
        all.addAll(annTaskCreatedIn2020);
        all.addAll(bobCustomerUpdatedIn2025);
        all.addAll(annProjectDeletedToday);
        all.sort((a, b) -> Long.compare(b, a));
        app.update("insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)"
                + " values (?, ?, 'created', 'task', 1, 'Globex secret entry')", globex.org().id(), globex.gus().id());
    }

    @Test
    void ownersAndAdminsSeeTheLogButPlainMembersAreRefused() {
        assertEquals(200, ann.get("/o/acme/activity").status());
        assertEquals(200, carol.session().get("/o/acme/activity").status());

        var bob = acme.bob().session().get("/o/acme/activity");
        assertEquals(403, bob.status(), bob.describe());
        assertFalse(bob.text().contains("Old task"), bob.describe());
    }

    @Test
    void theLogIsNewestFirstAndOnlyThisOrgs() {
        var page = list("size=100");

        assertEquals(all, Lists.rowIds(page, "activity").stream().filter(all::contains).toList());
        assertEquals(all.size(), Lists.rowIds(page, "activity").size() - entriesOfTheFixtures(), page.describe());
        assertFalse(page.text().contains("Globex secret entry"));
    }

    @Test
    void filtersByActorEntityActionAndDateWork() {
        assertEquals(reversed(bobCustomerUpdatedIn2025), ids("actor=" + acme.bob().id() + "&size=100"));
        assertEquals(reversed(annProjectDeletedToday), ids("entity=project&size=100"));
        assertEquals(reversed(annProjectDeletedToday), ids("action=deleted&entity=project&entity=task&size=100"));
        assertEquals(reversed(annTaskCreatedIn2020), ids("actor=" + acme.ann().id() + "&entity=task&action=created&" + to() + "=2024-12-31&size=100"));
        var july = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            if (i % 10 >= 2 && i % 10 <= 4) {
                july.add(bobCustomerUpdatedIn2025.get(i));
            }
        }
        assertEquals(reversed(july), ids(to() + "=2025-07-14&" + from() + "=2025-07-12&size=100"));
        assertEquals(List.of(), ids("actor=" + globex.gus().id()));
        assertEquals(List.of(), ids("entity=customer&action=created"));
    }

    @Test
    void theFilterFormShowsTheFiltersOfTheUrl() {
        var page = list("actor=" + acme.bob().id() + "&entity=customer&action=updated&" + from() + "=2025-01-01&" + to() + "=2025-12-31");

        assertEquals(List.of(String.valueOf(acme.bob().id())), Lists.checked(page, "actor"));
        assertEquals(List.of("customer"), Lists.checked(page, "entity"));
        assertEquals(List.of("updated"), Lists.checked(page, "action"));
        assertEquals("2025-01-01", page.inputValue(from()));
        assertEquals("2025-12-31", page.inputValue(to()));
        assertEquals(reversed(bobCustomerUpdatedIn2025), Lists.rowIds(ann.get(Lists.submitFilters(page)), "activity"));
    }

    @Test
    void walkingThePagesKeepsTheFilters() {
        var page = list("actor=" + acme.ann().id() + "&entity=task&size=25");
        var seen = new ArrayList<>(Lists.rowIds(page, "activity"));
        while (Lists.next(page) != null) {
            page = ann.get(Lists.next(page));
            seen.addAll(Lists.rowIds(page, "activity"));
        }
        assertEquals(reversed(annTaskCreatedIn2020), seen);
    }

    @Test
    void walkingThePagesKeepsTheDateFilter() {
        var page = list(from() + "=2020-01-01&" + to() + "=2020-12-31&size=25");
        assertTrue(page.text().contains("Clear filters"), "a date filter is a filter: " + page.describe());
        var seen = new ArrayList<>(Lists.rowIds(page, "activity"));
        var next = Lists.next(page);
        assertNotNull(next);
        page = ann.get(next);
        seen.addAll(Lists.rowIds(page, "activity"));
        assertEquals("2020-01-01", page.inputValue(from()), "the second page is still filtered: " + next);
        assertNull(Lists.next(page), "30 entries are two pages of 25");
        assertEquals(reversed(annTaskCreatedIn2020), seen);
    }

    @Test
    void anEntryLinksToItsRecord() {
        var page = list("entity=project&size=100");
        var link = page.document().selectFirst("#activity-" + annProjectDeletedToday.get(0) + " a[href]");
        assertNotNull(link);
        assertEquals("/o/acme/projects/3000", link.attr("href"));
    }

    @Test
    void aDateAloneIsAFilterThatCanBeCleared() {
        var page = list(from() + "=2030-01-01");

        assertTrue(page.text().contains("Nothing matches these filters"), page.describe());
        assertTrue(page.text().contains("Clear filters"), page.describe());
    }

    // ---- helpers

    /** The names of the date fields, From and To, as the page's filter form has them. */
    static String from() {
        return dateFields().get(0);
    }

    static String to() {
        return dateFields().get(1);
    }

    static List<String> dateFields() {
        var names = ann.get("/o/acme/activity").document().select("form.filters input[type=date]").eachAttr("name");
        assertEquals(2, names.size(), "a From and a To date: " + names);
        return names;
    }

    static long entry(long actor, String action, String entity, long entityId, String summary, String at) {
        return app.queryOne(Long.class, """
                insert into activity (org_id, actor_id, action, entity_type, entity_id, summary, created_at)
                values (?, ?, ?, ?, ?, ?, coalesce(cast(? as timestamptz), now())) returning id
                """, acme.org().id(), actor, action, entity, entityId, summary, at);
    }

    static int entriesOfTheFixtures() {
        return app.queryOne(Integer.class, "select count(*)::int from activity where org_id = ? and not (id = any(?))",
                acme.org().id(), all.toArray(Long[]::new));
    }

    static List<Long> ids(String query) {
        return Lists.rowIds(list(query), "activity");
    }

    static Response list(String query) {
        var page = ann.get("/o/acme/activity?" + query);
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    static List<Long> reversed(List<Long> ids) {
        var copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
