package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.assertNotReloaded;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.createTask;
import static hearth.browser.LivePages.mark;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.TcpProxy;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page whose connection goes away: the indicator says so (Reconnecting…, then Offline with a Retry),
 * says Live again when the server is back, and the page then shows what it missed — every change,
 * in order, once.
 */
class LiveConnectionBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void theIndicatorSaysOfflineWhileTheServerIsDownAndLiveWhenItIsBackAndThePageCatchesUp() {
        var acme = Fixtures.acme(app);
        var tasks = acme.org().path() + "/tasks";
        createTask(acme.ann().session(), acme.org(), "Before the outage", "TODO");
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(tasks + "?sort=title&dir=asc");
        var page = bob.page();
        awaitLive(page);
        mark(page);
        recordFragments(page);
        var status = page.locator("#live-status");
        var retry = status.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Retry"));
        assertThat(retry).isHidden();

        app.stop();
        assertThat(status.locator(".live-label")).hasText("Reconnecting…");
        assertThat(status.locator(".live-label")).hasText("Offline", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(status).hasAttribute("data-state", "offline");
        assertThat(retry).isVisible();

        // While it is down, Ann changes something through another node of the same database.
        String missed;
        try (var otherNode = app.anotherNode()) {
            var ann = logIn(new HttpSession("http://127.0.0.1:" + otherNode.port()), acme.ann());
            createTask(ann, acme.org(), "During the outage", "TODO");
            Long newest = otherNode.database().jdbi().withHandle(handle ->
                    handle.select("select max(id) from events").mapTo(Long.class).one());
            missed = String.valueOf(newest);
        }

        app.restart();
        awaitLive(page);
        assertThat(retry).isHidden();
        assertThat(rows(page)).hasCount(2);
        assertEquals(List.of("Before the outage", "During the outage"), titles(page));
        assertEquals(List.of(missed), fragments(page), "the missed change arrived once");
        assertNotReloaded(page);
    }

    @Test
    void aPageWhoseConnectionDroppedGetsTheFiftyChangesItMissedInOrderOnce() {
        var acme = Fixtures.acme(app);
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD);
        try (var network = new TcpProxy(app.app().port())) {
            var page = bob.page();
            page.navigate(network.baseUrl() + acme.org().path() + "/tasks?sort=created&dir=asc&size=100");
            awaitLive(page);
            mark(page);
            recordFragments(page);
            var since = app.queryOne(Long.class, "select coalesce(max(id), 0) from events");

            network.cut();
            assertThat(page.locator("#live-status")).not().hasAttribute("data-state", "live");
            var titles = IntStream.rangeClosed(1, 50).mapToObj(i -> "Change %02d".formatted(i)).toList();
            titles.forEach(title -> createTask(acme.ann().session(), acme.org(), title, "TODO"));
            var missed = app.queryList(Long.class, "select id from events where id > ? order by id", since)
                    .stream().map(String::valueOf).toList();
            assertEquals(50, missed.size());
            network.restore();

            awaitLive(page);
            assertThat(rows(page)).hasCount(50);
            assertEquals(titles, titles(page));
            assertEquals(missed, fragments(page), "every missed change, in order, once");
            assertNotReloaded(page);
        }
        assertEquals(List.of(), bob.problems());
    }

    // ---- helpers

    private static HttpSession logIn(HttpSession session, Fixtures.Person person) {
        session.get("/login");
        var response = session.post("/login", form("email", person.email(), "password", person.password(), "next", ""));
        assertEquals(303, response.status(), response.describe());
        return session;
    }

    /** Keeps the id of every event the page applies, in the order it applies them. */
    private static void recordFragments(Page page) {
        page.evaluate("""
                () => {
                  window.__fragments = [];
                  document.addEventListener('hearth:live-fragment', e => window.__fragments.push(String(e.detail.id)));
                }""");
    }

    @SuppressWarnings("unchecked")
    private static List<String> fragments(Page page) {
        return new ArrayList<>((List<String>) page.evaluate("() => window.__fragments"));
    }

    private static Locator rows(Page page) {
        return page.locator("#results tbody tr[data-live-row]");
    }

    private static List<String> titles(Page page) {
        return rows(page).locator(".col-title").allTextContents().stream().map(String::trim).toList();
    }
}
