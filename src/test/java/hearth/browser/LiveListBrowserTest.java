package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.assertNotReloaded;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.createTask;
import static hearth.browser.LivePages.mark;
import static hearth.testing.Fixtures.fields;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitUntilState;
import hearth.testing.Fixtures;
import hearth.testing.Forms;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bob looks at a filtered task list while Ann works: every create, edit, delete, bulk change and undo
 * of hers shows in his list without a reload — rows appear, change and leave (also when they merely
 * leave his filter), the match count follows, and the rows he had selected stay selected.
 */
class LiveListBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void aFilteredListFollowsCreateEditDeleteBulkChangeAndUndoAndKeepsTheSelection() {
        var acme = Fixtures.acme(app);
        var tasks = acme.org().path() + "/tasks";
        var annApi = acme.ann().session();
        createTask(annApi, acme.org(), "Alpha", "TODO");
        var bravo = createTask(annApi, acme.org(), "Bravo", "TODO");
        createTask(annApi, acme.org(), "Charlie", "IN_PROGRESS");
        var delta = createTask(annApi, acme.org(), "Delta", "TODO");
        createTask(annApi, acme.org(), "Echo", "DONE");

        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD)
                .open(tasks + "?status=TODO&status=IN_PROGRESS&sort=title&dir=asc");
        var list = bob.page();
        awaitLive(list);
        mark(list);
        assertEquals(List.of("Alpha", "Bravo", "Charlie", "Delta"), titles(list));
        box(list, "Alpha").check();
        box(list, "Charlie").check();
        assertThat(selectedCount(list)).hasText("2");

        // Ann creates a task: it appears in Bob's list, in its place.
        createTask(annApi, acme.org(), "Bravissimo", "TODO");
        assertThat(rows(list)).hasCount(5);
        assertEquals(List.of("Alpha", "Bravissimo", "Bravo", "Charlie", "Delta"), titles(list));
        assertThat(matches(list)).hasText("5");
        assertSelected(list, "Alpha", "Charlie");

        // She edits a title: the row changes where it is.
        var edit = annApi.post(tasks + "/" + bravo, form("title", "Bravo, renamed", "description", "", "project", "",
                "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, edit.status(), edit.describe());
        assertThat(row(list, "Bravo, renamed")).containsText("High");
        assertThat(row(list, "Bravo")).hasCount(0);
        assertThat(matches(list)).hasText("5");
        assertSelected(list, "Alpha", "Charlie");

        // She deletes one: it leaves.
        var deletion = annApi.post(tasks + "/" + delta + "/deletion", form());
        assertEquals(303, deletion.status(), deletion.describe());
        assertThat(row(list, "Delta")).hasCount(0);
        assertThat(matches(list)).hasText("4");

        // In her own browser, she moves two tasks to Done at once: they leave Bob's filtered list, and
        // on her unfiltered list each is there once, done.
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(tasks + "?sort=title&dir=asc");
        awaitLive(ann.page());
        box(ann.page(), "Bravissimo").check();
        box(ann.page(), "Bravo, renamed").check();
        ann.field("New status").selectOption("DONE");
        ann.button("Set status").click();
        assertThat(ann.toasts()).containsText("2");
        assertThat(row(list, "Bravissimo")).hasCount(0);
        assertThat(row(list, "Bravo, renamed")).hasCount(0);
        assertThat(matches(list)).hasText("2");
        assertEquals(List.of("Alpha", "Charlie"), titles(list));
        assertSelected(list, "Alpha", "Charlie");
        assertThat(row(ann.page(), "Bravissimo")).hasCount(1);
        assertThat(row(ann.page(), "Bravissimo")).containsText("Done");
        assertThat(row(ann.page(), "Bravo, renamed")).containsText("Done");

        // She undoes it: both come back into Bob's list.
        ann.toasts().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Undo")).click();
        assertThat(rows(list)).hasCount(4);
        assertEquals(List.of("Alpha", "Bravissimo", "Bravo, renamed", "Charlie"), titles(list));
        assertThat(matches(list)).hasText("4");
        assertSelected(list, "Alpha", "Charlie");
        assertThat(row(ann.page(), "Bravissimo")).containsText("To do");
        assertThat(row(ann.page(), "Bravissimo")).hasCount(1);
        assertEquals(List.of("Alpha", "Bravissimo", "Bravo, renamed", "Charlie", "Echo"), titles(ann.page()));

        assertNotReloaded(list);
        assertEquals(List.of(), bob.problems());
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aTaskPageFollowsEditsOfItsTaskAndSaysWhenItIsDeleted() {
        var acme = Fixtures.acme(app);
        var tasks = acme.org().path() + "/tasks";
        var id = createTask(acme.ann().session(), acme.org(), "Write the brief", "TODO");
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(tasks + "/" + id);
        var page = bob.page();
        awaitLive(page);
        mark(page);

        var edit = acme.ann().session().post(tasks + "/" + id, form("title", "Write the final brief", "description",
                "Two pages at most.", "project", "", "status", "REVIEW", "priority", "URGENT", "assignee", "", "due", ""));
        assertEquals(303, edit.status(), edit.describe());
        assertThat(bob.heading("Write the final brief")).isVisible();
        assertThat(page.locator(".facts")).containsText("Review");
        assertThat(page.locator(".facts")).containsText("Urgent");
        assertThat(page.getByText("Two pages at most.")).isVisible();
        assertNotReloaded(page);

        var deletion = acme.ann().session().post(tasks + "/" + id + "/deletion", form());
        assertEquals(303, deletion.status(), deletion.describe());
        assertThat(bob.toasts()).containsText("This was just deleted by someone else.");
        assertThat(bob.toasts().getByText("This was just deleted by someone else.")).hasCount(1);
        assertEquals(List.of(), bob.problems(), "the page knows from the event that its task is gone: no 404 to fetch");
    }

    /**
     * Ann moves 600 tasks to Done at once ("all matching"). Its first batch names 500 rows, more than a
     * stream is sent at once: Bob's list reloads itself instead, and his stream stays live (it used to
     * be dropped, and dropped again by every replay of that change).
     */
    @Test
    void aBulkChangeOfHundredsOfTasksReachesAWatchingListWhoseStreamStaysLive() {
        var acme = Fixtures.acme(app);
        var tasks = acme.org().path() + "/tasks";
        toDoAndAKeeper(acme, 600);
        var filter = "?status=TODO&status=IN_PROGRESS&sort=title&dir=asc";

        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(tasks + filter);
        var list = bob.page();
        awaitLive(list);
        mark(list);
        assertThat(matches(list)).hasText("601");

        var annList = acme.ann().session().get(tasks + "?status=TODO");
        var started = acme.ann().session().post(Forms.action(annList, "form#bulk"),
                fields("scope", "matching", "action", "status", "to_status", "DONE"));
        assertEquals(303, started.status(), started.describe());

        assertThat(matches(list)).hasText("1");
        assertEquals(List.of("Keeper"), titles(list));
        awaitLive(list);
        assertNotReloaded(list);
        assertEquals(List.of(), bob.problems());
    }

    /**
     * Bob's second tab of the same list was rendered before Ann's bulk change of 500 tasks but joins the
     * browser's shared stream only after it (its script held back). That change came as a resync, not as
     * rows the shared stream could hand the late tab, so the tab must not take the shortcut: it shows the
     * change too.
     */
    @Test
    void aTabThatJoinsAfterABulkChangeItWasRenderedBeforeShowsIt() {
        var acme = Fixtures.acme(app);
        var tasks = acme.org().path() + "/tasks";
        toDoAndAKeeper(acme, 500);
        var filter = tasks + "?status=TODO&status=IN_PROGRESS&sort=title&dir=asc";
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(filter);
        awaitLive(bob.page());

        var late = bob.context().newPage();
        var heldBack = new ArrayList<Route>();
        late.route("**/static/js/live.js*", heldBack::add);
        late.navigate(filter, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
        assertThat(matches(late)).hasText("501");

        var annList = acme.ann().session().get(tasks + "?status=TODO");
        var started = acme.ann().session().post(Forms.action(annList, "form#bulk"),
                fields("scope", "matching", "action", "status", "to_status", "DONE"));
        assertEquals(303, started.status(), started.describe());
        assertThat(matches(bob.page())).hasText("1");

        assertEquals(1, heldBack.size(), "the late tab's live script was held back");
        heldBack.get(0).resume();
        awaitLive(late);
        assertThat(matches(late)).hasText("1");
        assertEquals(List.of("Keeper"), titles(late));
        assertEquals(List.of(), bob.problems());
    }

    // ---- helpers

    /** {@code count} tasks to do ("Bulk 001"…), through SQL, and one in progress, "Keeper". */
    private static void toDoAndAKeeper(Fixtures.Acme acme, int count) {
        app.update("""
                insert into tasks (org_id, title, status, priority, position, created_by)
                select ?, 'Bulk ' || lpad(n::text, 3, '0'), 'TODO', 'LOW', n * 1024, ? from generate_series(1, ?) n
                """, acme.org().id(), acme.ann().id(), count);
        createTask(acme.ann().session(), acme.org(), "Keeper", "IN_PROGRESS");
    }

    private static Locator rows(Page page) {
        return page.locator("#results tbody tr[data-live-row]");
    }

    private static Locator row(Page page, String title) {
        return rows(page).filter(new Locator.FilterOptions().setHas(page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName(title).setExact(true))));
    }

    private static Locator box(Page page, String title) {
        return page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select “" + title + "”").setExact(true));
    }

    private static Locator matches(Page page) {
        return page.locator("#results .results-count strong");
    }

    private static Locator selectedCount(Page page) {
        return page.locator("[data-selected-count]");
    }

    private static List<String> titles(Page page) {
        return rows(page).locator(".col-title").allTextContents().stream().map(String::trim).toList();
    }

    /** Exactly these rows are ticked, and the bulk bar counts them. */
    private static void assertSelected(Page page, String... titles) {
        for (var title : titles) {
            assertThat(box(page, title)).isChecked();
        }
        assertThat(page.locator("#results input[name=ids]:checked")).hasCount(titles.length);
        assertThat(selectedCount(page)).hasText(String.valueOf(titles.length));
    }
}
