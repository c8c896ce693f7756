package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.createProject;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten Hearth tabs in one browser over plain HTTP/1.1, where a browser opens at most six connections
 * to a host. Were each tab to hold a stream of its own, the last tabs would never go live and every
 * click would wait behind the streams; sharing one stream between the tabs keeps them all live and
 * every click answered — through a SharedWorker, or, in a browser without one (Chrome on Android),
 * through the one tab that holds the stream for the others.
 */
class LiveTabsBrowserTest {
    /** Far below what a click stuck behind six open streams would take: forever. */
    private static final long PROMPT_MS = 4_000;

    /** A heartbeat a second: a closed tab's stream is noticed within it (see {@link #noStreamsLeftFromTheTestBefore}). */
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest().withConfig("LIVE_HEARTBEAT_SECONDS", "1");

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    /**
     * Each test counts the streams its tabs open. The tabs of the test before are closed, but the server
     * notices a closed stream's connection only when it next writes to it: it could count them.
     */
    @BeforeEach
    void noStreamsLeftFromTheTestBefore() throws InterruptedException {
        var deadline = System.nanoTime() + 10_000_000_000L;
        while (app.app().live().hub().streamCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, app.app().live().hub().streamCount(), "the streams of the test before are gone");
    }

    @Test
    void tenTabsOfOneBrowserAllStayLiveAndEveryClickStillAnswers() {
        var acme = Fixtures.acme(app);
        var org = acme.org().path();
        var project = createProject(acme.ann().session(), acme.org(), "Website relaunch");
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD);
        var paths = List.of(org + "/tasks", org + "/tasks?sort=title&dir=asc", org + "/tasks?status=TODO",
                org + "/tasks?project=" + project, org + "/tasks?size=50", org + "/board", org + "/board?status=TODO",
                org + "/projects/" + project, org + "/projects/" + project + "/board", org + "/tasks?q=everywhere");
        var tabs = new ArrayList<Page>();
        for (var path : paths) {
            var tab = tabs.isEmpty() ? ann.page() : ann.context().newPage();
            tab.navigate(path);
            tabs.add(tab);
        }
        tabs.forEach(LivePages::awaitLive);
        assertTrue(app.app().live().hub().streamCount() < 6,
                "the tabs share their streams: " + app.app().live().hub().streamCount() + " are open");

        // Bob adds a task to the project: every one of the ten tabs shows it.
        var created = acme.bob().session().post(org + "/tasks", form("title", "Seen everywhere", "description", "",
                "project", String.valueOf(project), "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, created.status(), created.describe());
        for (var tab : tabs) {
            assertThat(tab.getByText("Seen everywhere").first()).isVisible();
        }

        // A click in each tab is answered at once: a boosted link to another live page of the org.
        for (int i = 0; i < tabs.size(); i++) {
            var tab = tabs.get(i);
            var board = paths.get(i).contains("/board");
            // As a person does: look at the tab first. (A tab in the background gets no animation
            // frames, and Playwright waits for two of them before it clicks.)
            tab.bringToFront();
            var started = System.nanoTime();
            tab.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(board ? "List" : "Board").setExact(true)).click();
            tab.waitForURL(url -> board ? !url.contains("/board") : url.contains("/board"));
            assertThat(tab.locator("#live-follow")).hasCount(1);
            var took = (System.nanoTime() - started) / 1_000_000;
            assertTrue(took < PROMPT_MS, "tab " + (i + 1) + " (" + paths.get(i) + ") took " + took + " ms to answer a click");
        }
        tabs.forEach(LivePages::awaitLive);

        // And on the pages they moved to, all ten are still live.
        var id = app.queryOne(Long.class, "select id from tasks where title = 'Seen everywhere'");
        var renamed = acme.bob().session().post(org + "/tasks/" + id, form("title", "Renamed everywhere", "description", "",
                "project", String.valueOf(project), "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, renamed.status(), renamed.describe());
        for (var tab : tabs) {
            assertThat(tab.getByText("Renamed everywhere").first()).isVisible();
        }
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withoutSharedWorkerOneTabHoldsTheStreamForTenAndAnotherTakesOverWithNothingLostWhenItCloses() {
        var acme = Fixtures.acme(app);
        var org = acme.org().path();
        var project = createProject(acme.ann().session(), acme.org(), "Website relaunch");
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD);
        // A browser without SharedWorker: gone before any script of a page runs.
        ann.context().addInitScript("delete window.SharedWorker;");
        var streamOpenedBy = new CopyOnWriteArrayList<Page>();
        var streamUrls = new CopyOnWriteArrayList<String>();
        ann.context().onRequest(request -> {
            if (request.url().contains("/live?")) {
                streamOpenedBy.add(request.frame().page());
                streamUrls.add(request.url());
            }
        });
        var paths = List.of(org + "/tasks", org + "/tasks?sort=title&dir=asc", org + "/tasks?status=TODO",
                org + "/tasks?project=" + project, org + "/tasks?size=50", org + "/board", org + "/board?status=TODO",
                org + "/projects/" + project, org + "/projects/" + project + "/board", org + "/tasks?q=everywhere");
        var tabs = new ArrayList<Page>();
        for (var path : paths) {
            var tab = tabs.isEmpty() ? ann.page() : ann.context().newPage();
            tab.navigate(path);
            tabs.add(tab);
        }
        assertEquals(Boolean.FALSE, ann.page().evaluate("() => 'SharedWorker' in window"));
        tabs.forEach(LivePages::awaitLive);
        var holder = streamOpenedBy.get(0);
        assertEquals(List.of(holder), streamOpenedBy.stream().distinct().toList(), "one tab opens the stream for all");
        assertTrue(app.app().live().hub().streamCount() < 6,
                "the tabs share their streams: " + app.app().live().hub().streamCount() + " are open");

        // Bob adds a task to the project: every one of the ten tabs shows it.
        var rendered = app.queryOne(Long.class, "select coalesce(max(id), 0) from events");
        var created = acme.bob().session().post(org + "/tasks", form("title", "Seen everywhere", "description", "",
                "project", String.valueOf(project), "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, created.status(), created.describe());
        for (var tab : tabs) {
            assertThat(tab.getByText("Seen everywhere").first()).isVisible();
        }

        // A click in the tenth tab is answered at once.
        var tenth = tabs.get(9);
        tenth.bringToFront();
        var started = System.nanoTime();
        tenth.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Board").setExact(true)).click();
        tenth.waitForURL(url -> url.contains("/board"));
        assertThat(tenth.locator("#live-follow")).hasCount(1);
        var took = (System.nanoTime() - started) / 1_000_000;
        assertTrue(took < PROMPT_MS, "the tenth tab took " + took + " ms to answer a click");
        awaitLive(tenth);

        // The tab holding the stream closes and Bob changes the task at once, most likely before another
        // tab has taken over: the next holder resumes from where the tabs were, so every tab gets it.
        holder.close();
        var id = app.queryOne(Long.class, "select id from tasks where title = 'Seen everywhere'");
        var renamed = acme.bob().session().post(org + "/tasks/" + id, form("title", "Renamed everywhere", "description", "",
                "project", String.valueOf(project), "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, renamed.status(), renamed.describe());
        var others = tabs.stream().filter(tab -> tab != holder).toList();
        for (var tab : others) {
            assertThat(tab.getByText("Renamed everywhere").first()).isVisible();
        }
        others.forEach(LivePages::awaitLive);
        var successor = streamOpenedBy.get(streamOpenedBy.size() - 1);
        assertTrue(successor != holder && others.contains(successor), "another tab took the stream over");
        // From the events the tabs had applied (Bob's new task), not from when their pages were rendered.
        var resumedFrom = Long.parseLong(streamUrls.get(streamUrls.size() - 1).replaceAll(".*[?&]since=(\\d+).*", "$1"));
        assertTrue(resumedFrom > rendered, "resumed from " + resumedFrom + ", the pages were rendered at " + rendered);

        // And it goes on: a change after the takeover reaches them all too.
        var again = acme.bob().session().post(org + "/tasks/" + id, form("title", "Once more everywhere", "description", "",
                "project", String.valueOf(project), "status", "TODO", "priority", "HIGH", "assignee", "", "due", ""));
        assertEquals(303, again.status(), again.describe());
        for (var tab : others) {
            assertThat(tab.getByText("Once more everywhere").first()).isVisible();
        }
        assertEquals(List.of(), ann.problems());
    }
}
