package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.createProject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import hearth.live.Topics;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who is here and who is typing on a project, as the others see it: online while any of your tabs
 * is open, away while they are all hidden (page by page: a hidden board tab is away on the board while
 * a tab on the project is in front), offline ("last seen") once the last one closes; "Ann is
 * typing…" (or "Ann and Bob are typing…") for everyone but the typists, each name gone a few seconds
 * after that person's last keystroke.
 */
class LivePresenceBrowserTest {
    /** A heartbeat far away: whoever leaves here leaves because the browser said so, not because a write failed. */
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest().withConfig("LIVE_HEARTBEAT_SECONDS", "120");

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    private Fixtures.Acme acme;
    private long projectId;
    private String project;

    @BeforeEach
    void acmeWithAProject() {
        acme = Fixtures.acme(app);
        projectId = createProject(acme.ann().session(), acme.org(), "Website relaunch");
        project = acme.org().path() + "/projects/" + projectId;
    }

    @Test
    void someoneIsOnlineWhileAnyTabIsOpenAwayWhileHiddenAndOfflineWhenTheLastCloses() {
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(project);
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(project);
        var bobsFirstTab = bob.page();
        var bobsSecondTab = bob.context().newPage();
        bobsSecondTab.navigate(project);
        awaitLive(ann.page());
        awaitLive(bobsFirstTab);
        awaitLive(bobsSecondTab);
        var bobAsAnnSeesHim = ann.page().locator("[data-live-presence] li[data-user-id=\"" + acme.bob().id() + "\"]");
        assertThat(bobAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));
        assertThat(bobAsAnnSeesHim).hasAttribute("title", "Bob Member — online");

        // One of his two tabs closes: he is still here, also a moment later.
        bobsSecondTab.close();
        ann.page().waitForTimeout(1_500);
        assertThat(bobAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));

        // His tab goes to the background: away. Back: online.
        setVisibility(bobsFirstTab, "hidden");
        assertThat(bobAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-away\\b"));
        setVisibility(bobsFirstTab, "visible");
        assertThat(bobAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));

        // His last tab closes: offline and "last seen" at once, not at the next heartbeat.
        bobsFirstTab.close();
        assertThat(bobAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-offline\\b"),
                new LocatorAssertions.HasClassOptions().setTimeout(5_000));
        assertThat(bobAsAnnSeesHim).hasAttribute("title", Pattern.compile("^Bob Member — last seen "));
        // Ann, who never left, is still online on her own page.
        assertThat(ann.page().locator("[data-live-presence] li[data-user-id=\"" + acme.ann().id() + "\"]"))
                .hasClass(Pattern.compile("\\bpresence-online\\b"));
        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    @Test
    void someoneIsAwayOnThePageOfTheirHiddenTabAndOnlineOnThePageOfTheirVisibleOne() {
        var board = acme.org().path() + "/board";
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(board);
        var annOnTheProject = ann.context().newPage();
        annOnTheProject.navigate(project);
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(board);
        var bobOnTheBoard = bob.page();
        var bobOnTheProject = bob.context().newPage();
        bobOnTheProject.navigate(project);
        for (var page : List.of(ann.page(), annOnTheProject, bobOnTheBoard, bobOnTheProject)) {
            awaitLive(page);
        }
        var bobSeenFrom = "[data-live-presence] li[data-user-id=\"" + acme.bob().id() + "\"]";
        var bobOnTheBoardAsAnnSeesHim = ann.page().locator(bobSeenFrom);
        var bobOnTheProjectAsAnnSeesHim = annOnTheProject.locator(bobSeenFrom);
        assertThat(bobOnTheBoardAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));
        assertThat(bobOnTheProjectAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));

        // His board tab goes to the background: away on the board, still online on the project.
        setVisibility(bobOnTheBoard, "hidden");
        assertThat(bobOnTheBoardAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-away\\b"));
        assertThat(bobOnTheBoardAsAnnSeesHim).hasAttribute("title", "Bob Member — away");
        ann.page().waitForTimeout(1_000);
        assertThat(bobOnTheProjectAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));

        // The other way round: the board comes back, the project goes to the background.
        setVisibility(bobOnTheProject, "hidden");
        setVisibility(bobOnTheBoard, "visible");
        assertThat(bobOnTheProjectAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-away\\b"));
        assertThat(bobOnTheBoardAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));

        // A second tab of his on the project, in front: online there again, though the first stays hidden.
        var bobOnTheProjectAgain = bob.context().newPage();
        bobOnTheProjectAgain.navigate(project);
        awaitLive(bobOnTheProjectAgain);
        assertThat(bobOnTheProjectAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));
        assertThat(bobOnTheBoardAsAnnSeesHim).hasClass(Pattern.compile("\\bpresence-online\\b"));
        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    @Test
    void goingFromPageToPageInAnotherTabNeitherFlickersSomeoneOfflineNorTheIndicator() {
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(project);
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(project);
        var otherTab = bob.context().newPage();
        otherTab.navigate(acme.org().path() + "/tasks");
        awaitLive(ann.page());
        awaitLive(bob.page());
        awaitLive(otherTab);
        var bobAsAnnSeesHim = "[data-live-presence] li[data-user-id=\"" + acme.bob().id() + "\"]";
        assertThat(ann.page().locator(bobAsAnnSeesHim)).hasClass(Pattern.compile("\\bpresence-online\\b"));
        record(ann.page(), bobAsAnnSeesHim, "class");
        record(bob.page(), "#live-status", "data-state");

        // In his other tab Bob goes to the board (a topic more) and back to the list (a topic less).
        otherTab.bringToFront();
        otherTab.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Board").setExact(true)).click();
        assertThat(otherTab.locator("[data-board]")).isVisible();
        awaitLive(otherTab);
        otherTab.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("List").setExact(true)).click();
        assertThat(otherTab.locator("#results")).isVisible();
        awaitLive(otherTab);
        ann.page().waitForTimeout(1_000);

        assertEquals(List.of("presence-person presence-online"), recorded(ann.page()), "Bob as Ann saw him meanwhile");
        assertEquals(List.of("live"), recorded(bob.page()), "the indicator of Bob's project page meanwhile");

        // The streams his browser replaced on the way left with it: when he closes both tabs he is gone.
        otherTab.close();
        bob.page().close();
        assertThat(ann.page().locator(bobAsAnnSeesHim)).hasClass(Pattern.compile("\\bpresence-offline\\b"),
                new LocatorAssertions.HasClassOptions().setTimeout(5_000));
        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    @Test
    void theOthersSeeAnnTypingTheDescriptionButAnnNeverDoesAndItGoesAfterHerLastKeystroke() {
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(project);
        var annEditing = ann.context().newPage();
        annEditing.navigate(project + "/edit");
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(project);
        for (var page : List.of(ann.page(), annEditing, bob.page())) {
            awaitLive(page);
            recordTyping(page);
        }
        var bobSees = bob.page().locator("[data-typing-for]");
        assertThat(bobSees).isHidden();

        var description = annEditing.getByLabel("Description", new Page.GetByLabelOptions().setExact(true));
        description.pressSequentially("Launch plan", new Locator.PressSequentiallyOptions().setDelay(80));
        var lastKeystroke = System.nanoTime();
        assertThat(bobSees).isVisible();
        assertThat(bobSees).hasText("Ann Owner is typing…");

        // Signals leave at most every 2 s, so the last may precede the last keystroke by that much: shown
        // 7 s after the last signal, the name stays 5 s after the last keystroke and goes by 7 s (here
        // her only signal left with her first keystroke, about a second before her last).
        assertThat(bobSees).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(12_000));
        var goneAfter = (System.nanoTime() - lastKeystroke) / 1_000_000;
        assertTrue(goneAfter >= 4_500 && goneAfter <= 9_500, "gone " + goneAfter + " ms after the last keystroke");

        assertEquals(List.of(), typingSeen(ann.page()), "Ann's project page never showed her own typing");
        assertEquals(List.of(), typingSeen(annEditing), "Ann's edit page never showed her own typing");
        assertEquals(List.of("Ann Owner is typing…"), typingSeen(bob.page()));
        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    @Test
    void twoPeopleTypingAtOnceAreBothNamedAndEachNameGoesWhenThatPersonStops() {
        var carol = Fixtures.join(app, acme.org(), acme.ann(), "Carol Member", "carol@acme.test", "MEMBER");
        var watcher = browsers.person("Carol").logIn(carol.email(), Fixtures.PASSWORD).open(project);
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(project + "/edit");
        var bob = browsers.person("Bob").logIn(acme.bob().email(), Fixtures.PASSWORD).open(project + "/edit");
        for (var page : List.of(watcher.page(), ann.page(), bob.page())) {
            awaitLive(page);
            recordTypingLine(page);
        }
        var line = watcher.page().locator("[data-typing-for]");
        var annTypes = ann.field("Description");
        var bobTypes = bob.field("Description");

        keepTypingUntil(line, "Ann Owner is typing…", annTypes);
        keepTypingUntil(line, "Ann Owner and Bob Member are typing…", annTypes, bobTypes);
        // Ann stops, Bob goes on: her name goes, his stays, and the line never empties in between.
        var annStopped = System.nanoTime();
        keepTypingUntil(line, "Bob Member is typing…", bobTypes);
        var annGoneAfter = (System.nanoTime() - annStopped) / 1_000_000;
        assertTrue(annGoneAfter >= 4_500, "Ann's name went " + annGoneAfter + " ms after her last keystroke");
        assertThat(line).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(15_000));

        assertEquals(List.of("", "Ann Owner is typing…", "Ann Owner and Bob Member are typing…", "Bob Member is typing…", ""),
                typingLine(watcher.page()), "Carol's typing line, one state after the other (\"\" while hidden)");
        assertEquals(List.of("", "Bob Member is typing…", ""), typingLine(ann.page()), "Ann's, who never sees herself");
        assertEquals(List.of("", "Ann Owner is typing…", ""), typingLine(bob.page()), "Bob's, who never sees himself");
        assertEquals(List.of(), watcher.problems());
        assertEquals(List.of(), ann.problems());
        assertEquals(List.of(), bob.problems());
    }

    @Test
    void moreThanThreeTypistsAreCountedAndANameIsShownAsTextNeverAsMarkup() {
        var eve = Fixtures.join(app, acme.org(), acme.ann(), "<b>Eve</b>", "eve@acme.test", "MEMBER");
        var carol = Fixtures.join(app, acme.org(), acme.ann(), "Carol Member", "carol@acme.test", "MEMBER");
        var dan = Fixtures.join(app, acme.org(), acme.ann(), "Dan Member", "dan@acme.test", "MEMBER");
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(project);
        awaitLive(ann.page());
        var line = ann.page().locator("[data-typing-for]");
        var typists = List.of(eve, acme.bob(), carol, dan);
        var expected = List.of("<b>Eve</b> is typing…", "<b>Eve</b> and Bob Member are typing…",
                "<b>Eve</b>, Bob Member and Carol Member are typing…", "<b>Eve</b>, Bob Member and 2 others are typing…");
        for (int count = 1; count <= typists.size(); count++) {
            // Everyone typing so far signals again, as their browsers would while they type.
            for (var typist : typists.subList(0, count)) {
                var response = typist.session().postWithCsrfHeader("/live/typing",
                        Fixtures.form("topic", Topics.project(acme.org().id(), projectId)));
                assertEquals(204, response.status(), response.describe());
            }
            assertThat(line).hasText(expected.get(count - 1));
        }
        assertThat(line.locator("b")).hasCount(0);
        assertEquals(List.of(), ann.problems());
    }

    // ---- helpers

    /**
     * What the browser does when a tab goes to the background or comes back. Headless Chromium keeps
     * every tab visible, so the page is told as the browser would tell it: the document's visibility
     * changes and a visibilitychange event fires. Everything after that (script, worker, server, Ann's
     * page) is the real path.
     */
    private static void setVisibility(Page page, String state) {
        page.evaluate("""
                state => {
                  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
                  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
                  document.dispatchEvent(new Event('visibilitychange'));
                }""", state);
    }

    /** Keeps every distinct text a typing line of the page shows while visible, however briefly. */
    private static void recordTyping(Page page) {
        page.evaluate("""
                () => {
                  window.__typing = [];
                  const look = () => document.querySelectorAll('[data-typing-for]').forEach(line => {
                    const text = line.textContent.trim();
                    if (!line.hidden && text && !window.__typing.includes(text)) window.__typing.push(text);
                  });
                  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
                }""");
    }

    /**
     * Types into each field a key at a time, the way people type (a few keys a second), until the typing
     * line shows {@code expected}; fails if it does not within 20 seconds.
     */
    private static void keepTypingUntil(Locator line, String expected, Locator... fields) {
        var deadline = System.nanoTime() + 20_000_000_000L;
        while (!expected.equals(shownText(line))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The typing line shows \"" + shownText(line) + "\", not \"" + expected + "\"");
            }
            for (var field : fields) {
                field.press("x");
            }
            line.page().waitForTimeout(200);
        }
    }

    /** What a typing line shows: its text, or nothing while hidden. */
    private static String shownText(Locator line) {
        return (String) line.evaluate("line => line.hidden ? '' : line.textContent.trim()");
    }

    /** Keeps each state a page's typing line goes through, in order: its text, or "" while hidden. */
    private static void recordTypingLine(Page page) {
        page.evaluate("""
                () => {
                  const read = () => { const line = document.querySelector('[data-typing-for]'); return !line || line.hidden ? '' : line.textContent.trim(); };
                  window.__typingLine = [read()];
                  new MutationObserver(() => {
                    const now = read();
                    if (window.__typingLine[window.__typingLine.length - 1] !== now) window.__typingLine.push(now);
                  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
                }""");
    }

    @SuppressWarnings("unchecked")
    private static List<String> typingLine(Page page) {
        return (List<String>) page.evaluate("() => window.__typingLine");
    }

    /** Keeps every distinct value an attribute of an element takes as the page changes, in order. */
    private static void record(Page page, String selector, String attribute) {
        page.evaluate("""
                ([selector, attribute]) => {
                  const read = () => document.querySelector(selector)?.getAttribute(attribute) ?? 'absent';
                  window.__recorded = [read()];
                  new MutationObserver(() => {
                    const now = read();
                    if (window.__recorded[window.__recorded.length - 1] !== now) window.__recorded.push(now);
                  }).observe(document.body, { subtree: true, childList: true, attributes: true });
                }""", List.of(selector, attribute));
    }

    @SuppressWarnings("unchecked")
    private static List<String> recorded(Page page) {
        return (List<String>) page.evaluate("() => window.__recorded");
    }

    @SuppressWarnings("unchecked")
    private static List<String> typingSeen(Page page) {
        return (List<String>) page.evaluate("() => window.__typing");
    }
}
