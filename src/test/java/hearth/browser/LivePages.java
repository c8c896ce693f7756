package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;

/** What the live browser tests share: waiting for a page to be live, and telling a swap from a reload. */
final class LivePages {
    private LivePages() {}

    /** Waits until the page's connection indicator says Live: its stream is open and subscribed. */
    static void awaitLive(Page page) {
        assertThat(page.locator("#live-status")).hasAttribute("data-state", "live");
        assertThat(page.locator("#live-status .live-label")).hasText("Live");
    }

    /** Marks the document, so {@link #assertNotReloaded} can tell that a change came live, not by a reload. */
    static void mark(Page page) {
        page.evaluate("() => { window.__notReloaded = true; }");
    }

    static void assertNotReloaded(Page page) {
        assertEquals(true, page.evaluate("() => window.__notReloaded === true"), "the page was reloaded instead of updated live");
    }

    /** Creates a task through the form's endpoint, as another person's browser would; returns its id. */
    static long createTask(HttpSession session, Fixtures.Org org, String title, String status) {
        var response = session.post(org.path() + "/tasks", form("title", title, "description", "", "project", "",
                "status", status, "priority", "MEDIUM", "assignee", "", "due", ""));
        assertEquals(303, response.status(), response.describe());
        var location = response.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Creates a project through the form's endpoint; returns its id. */
    static long createProject(HttpSession session, Fixtures.Org org, String name) {
        var response = session.post(org.path() + "/projects", form("name", name, "description", "",
                "customer", "", "status", "ACTIVE", "start", "", "due", "", "owner", ""));
        assertEquals(303, response.status(), response.describe());
        var location = response.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
