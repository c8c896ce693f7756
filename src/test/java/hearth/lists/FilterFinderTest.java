package hearth.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Org;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Project filter (task list, org board) and the Customer filter (project list) offer the hundred most
 * recently updated; the box inside each finds any other of the org's by part of its name.
 */
class FilterFinderTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant LONG_AGO = Instant.parse("2020-01-01T10:00:00Z");

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static Org org;
    static long cartography;
    static long budget;
    static long aardvark;
    static long globexZephyr;
    static long quillfeather;

    @BeforeAll
    static void anOrgWithMoreProjectsAndCustomersThanAFilterOffers() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Finder");
        cartography = Seed.project(app, org, "Zephyr Cartography").updated(LONG_AGO).insert();
        budget = Seed.project(app, org, "Budget 100% done").updated(LONG_AGO).insert();
        aardvark = Seed.project(app, org, "Aardvark Intake").updated(LONG_AGO).insert();
        Seed.project(app, org, "Zephyr Deleted").updated(LONG_AGO).deleted(LONG_AGO).insert();
        quillfeather = Seed.customer(app, org, "Quillfeather Ltd").updated(LONG_AGO).insert();
        Seed.customer(app, org, "Quillfeather Deleted").updated(LONG_AGO).deleted(LONG_AGO).insert();
        app.update("""
                insert into projects (org_id, name, status, updated_at)
                select ?, 'Recent project ' || n, 'ACTIVE', now() + n * interval '1 second' from generate_series(1, 110) n
                """, org.id());
        app.update("""
                insert into customers (org_id, name, status, source, updated_at)
                select ?, 'Recent customer ' || n, 'LEAD', 'OTHER', now() + n * interval '1 second' from generate_series(1, 110) n
                """, org.id());
        globexZephyr = Seed.project(app, globex.org(), "Zephyr Cartography of Globex").insert();
        Seed.customer(app, globex.org(), "Quillfeather of Globex").insert();
    }

    @Test
    void theTaskListsProjectFilterFindsAnOldProjectByAnyPartOfItsNameWhateverTheCase() {
        assertFalse(Lists.offered(tasks(""), "project").contains(String.valueOf(cartography)),
                "not among the hundred most recently updated");

        for (var typed : List.of("cartog", "ARTOGRA", "zephyr c", "  Cartography  ")) {
            assertEquals(List.of("none", String.valueOf(cartography)), Lists.offered(tasks("project_q=" + encode(typed)), "project"),
                    "typed: " + typed);
        }
    }

    @Test
    void oneOrTwoCharactersFindTheNamesWithAWordStartingWithThem() {
        assertEquals(List.of("none", String.valueOf(cartography)), Lists.offered(tasks("project_q=ca"), "project"));
        assertEquals(List.of("none", String.valueOf(aardvark)), Lists.offered(tasks("project_q=i"), "project"));
        assertEquals(List.of("none"), Lists.offered(tasks("project_q=ph"), "project"), "“ph” is inside Zephyr, no word starts with it");
    }

    @Test
    void theOrgBoardsProjectFilterFindsAnOldProjectToo() {
        var board = ann.get(org.path() + "/board?project_q=cartography");

        assertEquals(200, board.status(), board.describe());
        assertEquals(List.of("none", String.valueOf(cartography)), Lists.offered(board, "project"));
    }

    @Test
    void theProjectListsCustomerFilterFindsAnOldCustomer() {
        assertFalse(Lists.offered(projects(""), "customer").contains(String.valueOf(quillfeather)),
                "not among the hundred most recently updated");

        assertEquals(List.of("none", String.valueOf(quillfeather)), Lists.offered(projects("customer_q=FEATHER"), "customer"));
    }

    @Test
    void aChosenProjectStaysOfferedAndChosenWhateverIsTyped() {
        var page = tasks("project=" + aardvark + "&project_q=cartog");

        assertEquals(List.of("none", String.valueOf(aardvark), String.valueOf(cartography)), Lists.offered(page, "project"));
        assertEquals(List.of(String.valueOf(aardvark)), Lists.checked(page, "project"));
        assertFalse(page.text().contains("No other name matches"), page.describe());
    }

    @Test
    void anotherOrgsAndDeletedProjectsAndCustomersAreNeverFound() {
        assertEquals(List.of("none", String.valueOf(cartography)), Lists.offered(tasks("project_q=zephyr"), "project"));
        assertEquals(List.of("none", String.valueOf(cartography)),
                Lists.offered(tasks("project_q=zephyr&project=" + globexZephyr), "project"), "not even when named as chosen");
        assertEquals(List.of("none", String.valueOf(quillfeather)), Lists.offered(projects("customer_q=quillfeather"), "customer"));

        var gus = globex.gus().session().get("/o/globex/tasks?project_q=zephyr");
        assertEquals(List.of("none", String.valueOf(globexZephyr)), Lists.offered(gus, "project"), "Globex finds its own");
    }

    @Test
    void whatIsTypedIsMatchedAsTextNotAsAPattern() {
        assertEquals(List.of("none", String.valueOf(budget)), Lists.offered(tasks("project_q=" + encode("100%")), "project"));
        for (var typed : List.of("%", "_", "%%%", "\\")) {
            var page = tasks("project_q=" + encode(typed));
            assertEquals(List.of("none"), Lists.offered(page, "project"), "typed: " + typed);
            assertTrue(page.text().contains("No other name matches “" + typed + "”."), page.describe());
        }
    }

    @Test
    void theFinderKeepsItsTextInTheFormAndTheLinksAndFiltersNoTask() {
        app.update("insert into tasks (org_id, title, status, priority) values (?, 'A task', 'TODO', 'LOW')", org.id());
        var page = tasks("project_q=cartog&sort=title&dir=asc");

        var box = page.document().selectFirst("form.filters input[type=search][name=project_q]");
        assertNotNull(box, page.describe());
        assertEquals("cartog", box.attr("value"));
        assertTrue(Lists.submitFilters(page).contains("project_q=cartog"), Lists.submitFilters(page));
        assertTrue(Lists.sortLink(page, "Title").contains("project_q=cartog"), Lists.sortLink(page, "Title"));
        assertEquals(Lists.rowIds(tasks("sort=title&dir=asc"), "task"), Lists.rowIds(page, "task"), "the tasks are not filtered by it");
    }

    @Test
    void theFindersHtmxRequestGetsTheChoicesItReplaces() {
        var page = tasks("");
        var box = page.document().selectFirst("input[name=project_q]");
        assertNotNull(box, page.describe());
        assertEquals("#project-choices", box.attr("hx-target"));

        var fragment = ann.htmxGet(org.path() + "/tasks?project_q=cartog");

        assertEquals(200, fragment.status(), fragment.describe());
        var choices = fragment.document().getElementById("project-choices");
        assertNotNull(choices, fragment.describe());
        assertEquals(List.of("none", String.valueOf(cartography)), choices.select("input[type=checkbox]").eachAttr("value"));
    }

    @Test
    void theScansSwitchedOffForTheFindersReadAreBackOnAfterItWithOrWithoutATransaction() {
        var settings = "select current_setting('enable_seqscan') || current_setting('enable_indexscan')"
                + " || current_setting('enable_indexonlyscan')";
        app.jdbi().useHandle(handle -> {
            assertEquals(List.of(cartography), List.of(NameFinder.ids(handle, "projects", org.id(), "cartog", 100)));
            assertEquals("ononon", handle.createQuery(settings).mapTo(String.class).one(), "on the same connection afterwards");
        });
        app.jdbi().useTransaction(handle -> {
            assertEquals(List.of(cartography), List.of(NameFinder.ids(handle, "projects", org.id(), "cartog", 100)));
            assertEquals("ononon", handle.createQuery(settings).mapTo(String.class).one(), "later in the caller's transaction");
        });
    }

    private static Response tasks(String query) {
        var page = ann.get(org.path() + "/tasks" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    private static Response projects(String query) {
        var page = ann.get(org.path() + "/projects" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
