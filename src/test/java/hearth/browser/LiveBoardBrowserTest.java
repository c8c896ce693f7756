package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.assertNotReloaded;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.createTask;
import static hearth.browser.LivePages.mark;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two people on one board, each in their own browser: a card one of them drags shows up in its new
 * column on the other's board without a reload, and the one who dragged sees it once, where they
 * dropped it — never a second copy, never back in its old column for a moment.
 */
class LiveBoardBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void aCardOnePersonDragsMovesOnTheOthersBoardLiveAndOnceOnTheirOwn() {
        var acme = Fixtures.acme(app);
        var board = acme.org().path() + "/board";
        createTask(acme.ann().session(), acme.org(), "Draft the announcement", "TODO");
        createTask(acme.ann().session(), acme.org(), "Audit image sizes", "TODO");
        createTask(acme.ann().session(), acme.org(), "Design onboarding", "IN_PROGRESS");
        createTask(acme.ann().session(), acme.org(), "Write release notes", "REVIEW");

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(board);
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(board);
        awaitLive(ann.page());
        awaitLive(bob.page());
        mark(ann.page());
        mark(bob.page());
        watchColumnsOf(ann.page(), "Audit image sizes");

        // Ann drags "Audit image sizes" from To do onto In progress.
        var move = ann.page().waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(ann.page(), card(ann.page(), "Audit image sizes"), column(ann.page(), "IN_PROGRESS")));
        assertEquals(204, move.status());

        assertThat(card(bob.page(), "Audit image sizes")).hasAttribute("data-status", "IN_PROGRESS");
        assertEquals(List.of("Design onboarding", "Audit image sizes"), titles(bob.page(), "IN_PROGRESS"));
        assertEquals(List.of("Draft the announcement"), titles(bob.page(), "TODO"));
        assertThat(count(bob.page(), "IN_PROGRESS")).hasText("2");
        assertThat(count(bob.page(), "TODO")).hasText("1");
        assertNotReloaded(bob.page());

        // Ann's own board has taken her change back from the stream by now (it refreshed its region):
        // the card is there once, and was never anywhere but where she dropped it.
        awaitRefreshedBy(ann.page(), "Audit image sizes");
        assertThat(card(ann.page(), "Audit image sizes")).hasCount(1);
        assertEquals(List.of("Design onboarding", "Audit image sizes"), titles(ann.page(), "IN_PROGRESS"));
        assertEquals(List.of("TODO", "IN_PROGRESS"), columnsSeen(ann.page()), "where Ann saw the card, in order");
        assertThat(count(ann.page(), "IN_PROGRESS")).hasText("2");
        assertNotReloaded(ann.page());

        // And the other way round: Bob drags "Write release notes" to To do, Ann sees it there.
        watchColumnsOf(bob.page(), "Write release notes");
        bob.page().waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(bob.page(), card(bob.page(), "Write release notes"), column(bob.page(), "TODO")));
        assertThat(card(ann.page(), "Write release notes")).hasAttribute("data-status", "TODO");
        assertEquals(List.of("Draft the announcement", "Write release notes"), titles(ann.page(), "TODO"));
        assertThat(column(ann.page(), "REVIEW").getByText("No tasks")).isVisible();
        awaitRefreshedBy(bob.page(), "Write release notes");
        assertThat(card(bob.page(), "Write release notes")).hasCount(1);
        assertEquals(List.of("REVIEW", "TODO"), columnsSeen(bob.page()));
        assertNotReloaded(ann.page());
        assertNotReloaded(bob.page());

        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    // ---- helpers

    /**
     * Records, on every change of the page, the columns the card with this title is in: a flicker back
     * to the old column or a second copy would show up here even if it lasted a single frame.
     */
    private static void watchColumnsOf(Page page, String title) {
        page.evaluate("""
                title => {
                  window.__seen = [];
                  window.__refreshes = 0;
                  const look = () => {
                    const where = [...document.querySelectorAll('.board-card')]
                      .filter(card => card.querySelector('.board-card-title').textContent.trim() === title)
                      .map(card => card.closest('[data-column]').dataset.status).join('+');
                    if (window.__seen[window.__seen.length - 1] !== where) window.__seen.push(where);
                  };
                  look();
                  new MutationObserver(look).observe(document.body, { childList: true, subtree: true });
                  document.addEventListener('hearth:live-refreshed', () => { window.__refreshes++; });
                }""", title);
    }

    @SuppressWarnings("unchecked")
    private static List<String> columnsSeen(Page page) {
        return (List<String>) page.evaluate("() => window.__seen");
    }

    /** Waits until the page has swapped in its board region after the move it made. */
    private static void awaitRefreshedBy(Page page, String title) {
        page.waitForFunction("() => window.__refreshes > 0");
    }

    private static Locator card(Page page, String title) {
        return page.locator(".board-card").filter(new Locator.FilterOptions().setHas(
                page.locator(".board-card-title", new Page.LocatorOptions().setHasText(title))));
    }

    private static Locator column(Page page, String status) {
        return page.locator("[data-column][data-status=" + status + "]");
    }

    private static Locator count(Page page, String status) {
        return column(page, status).locator("[data-count]");
    }

    private static List<String> titles(Page page, String status) {
        return column(page, status).locator(".board-card-title").allTextContents().stream().map(String::trim).toList();
    }

    /** Drags a card by its title to the bottom of a column. */
    private static void drag(Page page, Locator card, Locator column) {
        var box = column.boundingBox();
        card.locator(".board-card-title").dragTo(column, new Locator.DragToOptions()
                .setTargetPosition(box.width / 2, box.height - 8));
    }
}
