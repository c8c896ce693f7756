package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kanban board as a person uses it: dragging cards between and within columns, the keyboard's
 * "move to" and up/down controls, and the same status select as a plain form without JavaScript.
 * Every change must still be there after a reload, i.e. it reached the database.
 */
class BoardBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    private Fixtures.Acme acme;
    private String board;

    @BeforeEach
    void acmeWithTasksInEveryColumnButOne() {
        acme = Fixtures.acme(app);
        board = acme.org().path() + "/board";
        var website = project("Website relaunch");
        var bob = acme.bob().id();
        task("Draft the announcement", "TODO", "HIGH", website, bob, "2020-01-15");
        task("Audit image sizes", "TODO", "MEDIUM", website, null, null);
        task("Fix the signup form", "TODO", "URGENT", null, acme.ann().id(), "2999-03-01");
        task("Design onboarding", "IN_PROGRESS", "HIGH", null, bob, null);
        task("Migrate the blog", "IN_PROGRESS", "LOW", website, null, null);
        task("Write release notes", "REVIEW", "MEDIUM", null, acme.ann().id(), null);
        task("Set up staging", "DONE", "MEDIUM", website, bob, "2020-02-01");
    }

    @Test
    void aCardDraggedToAnotherColumnStaysThereAfterReload() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        // Reached by a boosted link, as people get there: the script must work on a swapped-in board too.
        ann.open(acme.org().path() + "/tasks");
        page.waitForFunction("() => window.htmx !== undefined && window.hearth && window.hearth.board");
        ann.link("Board").click();
        assertThat(ann.heading("Board")).isVisible();

        var move = page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(page, card(page, "Audit image sizes"), card(page, "Migrate the blog"), true));

        assertEquals(204, move.status());
        assertEquals(List.of("Design onboarding", "Audit image sizes", "Migrate the blog"), titles(page, "IN_PROGRESS"));
        assertThat(card(page, "Audit image sizes")).hasAttribute("data-status", "IN_PROGRESS");
        assertThat(count(page, "TODO")).hasText("2");
        assertThat(count(page, "IN_PROGRESS")).hasText("3");

        page.reload();
        assertEquals(List.of("Draft the announcement", "Fix the signup form"), titles(page, "TODO"));
        assertEquals(List.of("Design onboarding", "Audit image sizes", "Migrate the blog"), titles(page, "IN_PROGRESS"));
        assertEquals("IN_PROGRESS", status("Audit image sizes"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aCardDraggedWithinItsColumnKeepsItsNewPlace() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board);

        var move = page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(page, card(page, "Fix the signup form"), card(page, "Draft the announcement"), true));

        assertEquals(204, move.status());
        page.reload();
        assertEquals(List.of("Fix the signup form", "Draft the announcement", "Audit image sizes"), titles(page, "TODO"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void cardsSwappedInByTheFilterFormStillDragOnce() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board);
        page.waitForFunction("() => window.htmx !== undefined && window.hearth && window.hearth.board");
        page.evaluate("() => { window.__sameBoard = 1; }");

        // The status filter chooses the columns, refreshed in place.
        page.locator("summary", new Page.LocatorOptions().setHasText("Status")).click();
        page.waitForResponse(response -> response.url().contains("status=IN_PROGRESS"),
                () -> checkbox(page, "In progress").check());
        page.waitForResponse(response -> response.url().contains("status=DONE"),
                () -> checkbox(page, "Done").check());
        assertThat(page.locator("[data-column]")).hasCount(2);
        page.locator("summary", new Page.LocatorOptions().setHasText("Status")).click();
        page.waitForResponse(response -> response.url().contains("q=onboarding"),
                () -> ann.field("Search tasks").fill("onboarding"));
        assertThat(page.locator(".board-card")).hasCount(1);
        assertThat(page).hasURL(Pattern.compile("q=onboarding&status=IN_PROGRESS&status=DONE"));
        var moves = new ArrayList<String>();
        page.onRequest(request -> {
            if (request.url().endsWith("/move")) {
                moves.add(request.postData());
            }
        });
        var move = page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(page, card(page, "Design onboarding"), page.locator("[data-column][data-status=DONE]"), false));

        assertEquals(204, move.status());
        assertEquals(1, moves.size(), "one drop, one request: the script must not be bound twice " + moves);
        assertEquals(1, page.evaluate("() => window.__sameBoard"), "the filter form must swap the board, not reload it");
        assertEquals("DONE", status("Design onboarding"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aCardDroppedOnAnEmptyColumnLandsThere() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board);
        var cancelled = page.locator("[data-column][data-status=CANCELLED]");
        assertThat(cancelled.getByText("No tasks")).isVisible();

        page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(page, card(page, "Set up staging"), cancelled, false));

        assertThat(cancelled.getByText("No tasks")).isHidden();
        page.reload();
        assertEquals(List.of("Set up staging"), titles(page, "CANCELLED"));
        assertThat(page.locator("[data-column][data-status=DONE]").getByText("No tasks")).isVisible();
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void whenTheServerRefusesAMoveTheCardGoesBackAndAToastSaysWhy() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board);
        // Someone else deletes the task while Ann looks at the board.
        app.update("update tasks set deleted_at = now() where title = ?", "Audit image sizes");

        var move = page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> drag(page, card(page, "Audit image sizes"), card(page, "Write release notes"), true));

        assertEquals(404, move.status());
        assertThat(page.locator(".toast-error")).isVisible();
        assertEquals(List.of("Draft the announcement", "Audit image sizes", "Fix the signup form"), titles(page, "TODO"));
        assertEquals(List.of("Write release notes"), titles(page, "REVIEW"));
        assertThat(count(page, "TODO")).hasText("3");
        assertThat(count(page, "REVIEW")).hasText("1");
    }

    @Test
    void theKeyboardMovesACardToAnotherStatusAndUpWithoutLeavingTheBoard() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board);
        page.waitForFunction("() => window.hearth && window.hearth.board");
        page.evaluate("() => { window.__sameBoard = 1; }");

        // Tab goes from the card's title to its "Move…", which opens the board's status dialog.
        card(page, "Fix the signup form").locator(".board-card-title").focus();
        page.keyboard().press("Tab");
        var moveLink = ann.link("Move “Fix the signup form”…");
        assertThat(moveLink).isFocused();
        page.keyboard().press("Enter");
        var dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog).containsText("Move “Fix the signup form”");
        assertThat(ann.field("Move to")).isFocused();
        assertThat(ann.field("Move to")).hasValue("TODO");
        ann.field("Move to").selectOption("REVIEW");
        page.keyboard().press("Tab");
        assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move").setExact(true))).isFocused();
        page.waitForResponse(response -> response.url().endsWith("/move"), () -> page.keyboard().press("Enter"));

        assertThat(dialog).isHidden();
        assertEquals(List.of("Write release notes", "Fix the signup form"), titles(page, "REVIEW"));
        assertThat(moveLink).isFocused();
        assertThat(count(page, "REVIEW")).hasText("2");
        assertThat(count(page, "TODO")).hasText("2");

        // Escape closes the dialog without a move, and the focus is back on "Move…".
        page.keyboard().press("Enter");
        assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
        assertThat(moveLink).isFocused();

        // One place up, from the keyboard: the card moves above its neighbour, the focus stays on the card.
        var up = ann.button("Move “Fix the signup form” up");
        up.focus();
        page.waitForResponse(response -> response.url().endsWith("/move"), () -> page.keyboard().press("Enter"));
        assertEquals(List.of("Fix the signup form", "Write release notes"), titles(page, "REVIEW"));
        assertThat(up).isDisabled();
        assertThat(card(page, "Fix the signup form").locator(".board-card-title")).isFocused();
        assertThat(ann.button("Move “Write release notes” up")).isEnabled();
        assertEquals(1, page.evaluate("() => window.__sameBoard"), "the board was reloaded instead of updated");

        page.reload();
        assertEquals(List.of("Fix the signup form", "Write release notes"), titles(page, "REVIEW"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void movingACardToAColumnTheFilteredBoardDoesNotShowTakesItOffTheBoard() {
        var ann = loggedIn(browsers.person("Ann"));
        var page = ann.page();
        ann.open(board + "?status=TODO&status=IN_PROGRESS");
        page.waitForFunction("() => window.hearth && window.hearth.board");

        ann.link("Move “Audit image sizes”…").click();
        ann.field("Move to").selectOption("DONE");
        page.waitForResponse(response -> response.url().endsWith("/move"),
                () -> page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Move").setExact(true)).click());

        assertEquals(List.of("Draft the announcement", "Fix the signup form"), titles(page, "TODO"));
        assertThat(count(page, "TODO")).hasText("2");
        assertThat(card(page, "Fix the signup form").locator(".board-card-title")).isFocused();
        assertEquals("DONE", status("Audit image sizes"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withoutJavaScriptMoveOffersTheStatusSelectAndReturnsToTheBoard() {
        var ann = browsers.personWithoutJavaScript("Ann");
        ann.logIn(acme.ann().email(), Fixtures.PASSWORD);
        var page = ann.page();
        ann.open(board + "?priority=HIGH&priority=URGENT");
        assertEquals(List.of("Draft the announcement", "Fix the signup form"), titles(page, "TODO"));

        ann.link("Move “Draft the announcement”…").click();
        assertThat(ann.heading("Move “Draft the announcement”")).isVisible();
        ann.field("Move to").selectOption("DONE");
        ann.button("Move").click();

        // Back on the same filtered board, with the card in its new column.
        assertThat(page).hasURL(Pattern.compile(board.replace("/", "\\/") + "\\?priority=HIGH&priority=URGENT(#card-\\d+)?$"));
        assertThat(ann.toasts()).containsText("Moved “Draft the announcement” to Done.");
        assertEquals(List.of("Fix the signup form"), titles(page, "TODO"));
        assertEquals(List.of("Draft the announcement"), titles(page, "DONE"));
        assertEquals("DONE", status("Draft the announcement"));

        // The up and down buttons are plain forms too.
        ann.open(board);
        ann.button("Move “Fix the signup form” up").click();
        assertThat(ann.toasts()).containsText("Moved “Fix the signup form” to To do.");
        assertEquals(List.of("Fix the signup form", "Audit image sizes"), titles(page, "TODO"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withoutJavaScriptEachCardOffersItsOwnStatusSelect() {
        var ann = browsers.personWithoutJavaScript("Ann");
        ann.logIn(acme.ann().email(), Fixtures.PASSWORD);
        var page = ann.page();
        ann.open(board);

        var card = card(page, "Audit image sizes");
        assertThat(card.getByLabel("Status of “Audit image sizes”")).hasValue("TODO");
        card.getByLabel("Status of “Audit image sizes”").selectOption("REVIEW");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move").setExact(true)).click();

        assertThat(ann.toasts()).containsText("Moved “Audit image sizes” to Review.");
        assertEquals(List.of("Write release notes", "Audit image sizes"), titles(page, "REVIEW"));
        assertEquals("REVIEW", status("Audit image sizes"));
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withJavaScriptTheCardsStatusSelectsAreNeverBuilt() {
        var ann = loggedIn(browsers.person("Ann"));
        ann.open(board);

        assertThat(card(ann.page(), "Audit image sizes")).isVisible();
        assertThat(ann.page().locator(".board-card select")).hasCount(0);
    }

    @Test
    void theBoardFollowsTheLightAndDarkSchemeAndScrollsSidewaysOnAPhone() {
        var backgrounds = new HashMap<ColorScheme, Object>();
        for (var scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            var ann = loggedIn(browsers.person("Ann-" + scheme.name().toLowerCase(),
                    new Browser.NewContextOptions().setViewportSize(1440, 900).setColorScheme(scheme)));
            ann.open(board);
            assertThat(card(ann.page(), "Design onboarding")).isVisible();
            assertThat(card(ann.page(), "Draft the announcement").locator(".board-card-project")).hasText("Website relaunch");
            assertThat(card(ann.page(), "Draft the announcement").locator(".overdue")).containsText("Overdue");
            assertThat(card(ann.page(), "Set up staging").locator(".overdue")).hasCount(0);
            ann.screenshot("board-" + scheme.name().toLowerCase() + ".png");
            backgrounds.put(scheme, ann.page().evaluate(
                    "() => getComputedStyle(document.querySelector('.board-card')).backgroundColor"));
            assertEquals(List.of(), ann.problems());
        }
        assertNotEquals(backgrounds.get(ColorScheme.LIGHT), backgrounds.get(ColorScheme.DARK));

        var phone = loggedIn(browsers.person("Ann-phone", new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2)));
        phone.open(board);
        @SuppressWarnings("unchecked")
        var widths = (Map<String, Object>) phone.page().evaluate("""
                () => ({ page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth,
                         board: document.querySelector('.board').scrollWidth,
                         boardBox: document.querySelector('.board').clientWidth,
                         wide: [...document.body.querySelectorAll("*")].filter(el => el.getBoundingClientRect().right > 400
                                 && !el.closest(".board")).slice(0, 8).map(el => el.tagName + "." + el.className) })""");
        assertTrue(((Number) widths.get("page")).intValue() <= ((Number) widths.get("screen")).intValue() + 1,
                "the page must not scroll sideways, only the board: " + widths);
        assertTrue(((Number) widths.get("board")).intValue() > ((Number) widths.get("boardBox")).intValue(),
                "the columns scroll sideways inside the board: " + widths);
        phone.screenshot("board-phone.png");
        assertEquals(List.of(), phone.problems());
    }

    // ---- helpers

    private void task(String title, String status, String priority, Long project, Long assignee, String due) {
        var response = acme.ann().session().post(acme.org().path() + "/tasks", form("title", title, "description", "",
                "status", status, "priority", priority, "project", project == null ? "" : project.toString(),
                "assignee", assignee == null ? "" : assignee.toString(), "due", due == null ? "" : due));
        assertEquals(303, response.status(), response.describe());
    }

    private long project(String name) {
        var response = acme.ann().session().post(acme.org().path() + "/projects", form("name", name, "description", "",
                "customer", "", "status", "ACTIVE", "start", "", "due", "", "owner", ""));
        assertEquals(303, response.status(), response.describe());
        return Long.parseLong(response.location().substring((acme.org().path() + "/projects/").length()));
    }

    private Person loggedIn(Person person) {
        return person.logIn(acme.ann().email(), Fixtures.PASSWORD);
    }

    private String status(String title) {
        return app.queryOne(String.class, "select status from tasks where title = ? and org_id = ?", title, acme.org().id());
    }

    private static Locator card(Page page, String title) {
        return page.locator(".board-card").filter(new Locator.FilterOptions().setHas(
                page.locator(".board-card-title", new Page.LocatorOptions().setHasText(title))));
    }

    private static Locator checkbox(Page page, String label) {
        return page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName(label).setExact(true));
    }

    private static Locator count(Page page, String status) {
        return page.locator("[data-column][data-status=" + status + "] [data-count]");
    }

    private static List<String> titles(Page page, String status) {
        return page.locator("[data-column][data-status=" + status + "] .board-card-title").allTextContents()
                .stream().map(String::trim).toList();
    }

    /** Drags {@code card} by its title onto {@code target}: onto its upper edge (above it), or its middle. */
    private static void drag(Page page, Locator card, Locator target, boolean aboveTarget) {
        target.scrollIntoViewIfNeeded();
        var box = target.boundingBox();
        card.locator(".board-card-title").dragTo(target, new Locator.DragToOptions()
                .setTargetPosition(box.width / 2, aboveTarget ? 4 : box.height / 2));
    }
}
