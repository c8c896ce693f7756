package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.awaitLive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import hearth.assistant.providers.FakeProvider;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a person does with the assistant, in a real browser, against a fake Groq that streams as slowly
 * as a test needs: answers grow token by token in every tab that shows the conversation, a tab that
 * comes in late catches up, Stop and Retry work from any tab, the conversation list follows along, a
 * refused question stays in the composer, and no answer can run script in the page.
 */
class AssistantBrowserTest {
    private static final FakeProvider fake = FakeProvider.groq();

    @RegisterExtension
    static TestApp app = withFake(TestApp.withFreshDataForEachTest());

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    private static TestApp withFake(TestApp app) {
        fake.env().forEach(app::withConfig);
        return app;
    }

    @AfterAll
    static void closeFake() {
        fake.close();
    }

    /**
     * Watches the thread of a page and writes down every state an answer was in, so a test can tell
     * afterwards what the person saw while it streamed — also in a tab that was in the background.
     */
    private static final String RECORD_THREAD = """
            () => {
              window.__seen = [];
              const record = () => {
                const bubbles = document.querySelectorAll('.thread .message');
                const answers = document.querySelectorAll('.thread .message-assistant');
                const last = answers[answers.length - 1];
                if (!last) return;
                const body = last.querySelector('.message-body');
                const entry = { id: last.id, status: last.dataset.messageStatus, text: body ? body.textContent : '',
                  stop: !!last.querySelector('form[action$="/stop"]'), bubbles: bubbles.length,
                  images: document.querySelectorAll('.thread img').length };
                const previous = window.__seen[window.__seen.length - 1];
                if (!previous || JSON.stringify(previous) !== JSON.stringify(entry)) window.__seen.push(entry);
              };
              new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
              record();
            }
            """;

    @Test
    void oneAnswerStreamsIntoTwoTabsOfTheConversationAndEndsAsMarkdownInBoth() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Release notes");
        var tokens = List.of("The ", "release ", "ships ", "on ", "**Friday", " morning**", " with ", "`search`", " and ",
                "the ", "new ", "board", ". ", "Tell ", "everyone.");
        // 80 ms between tokens, and a breath after the fifth: time enough to look at the half-written answer.
        fake.enqueue(Script.stream().tokens(tokens.subList(0, 5).toArray(String[]::new)).pause(Duration.ofMillis(800))
                .tokens(tokens.subList(5, tokens.size()).toArray(String[]::new)).finish().tokenDelay(Duration.ofMillis(80)));

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var first = ann.page();
        var second = ann.context().newPage();
        second.navigate(path);
        awaitLive(first);
        awaitLive(second);
        first.evaluate(RECORD_THREAD);
        second.evaluate(RECORD_THREAD);
        LivePages.mark(first);
        LivePages.mark(second);

        first.bringToFront();
        ask(first, "When does the release ship?");

        // While it is still being written, the second tab already shows the start of it.
        var answerInSecond = answer(second);
        assertThat(question(second)).hasText("When does the release ship?");
        assertThat(answerInSecond.locator(".message-body")).containsText("The release ships");
        assertThat(answerInSecond.locator("form[action$='/stop'] button")).isVisible();

        // Then both show the finished answer as Markdown, once.
        for (var tab : List.of(first, second)) {
            var answer = answer(tab);
            assertThat(answer).hasAttribute("data-message-status", "done");
            assertThat(answer.locator(".message-body strong")).hasText("Friday morning");
            assertThat(answer.locator(".message-body code")).hasText("search");
            assertThat(answer.locator(".message-body")).hasText("The release ships on Friday morning with search and the new board. Tell everyone.");
            assertThat(tab.locator(".thread .message")).hasCount(2);
            assertThat(answer.locator("form[action$='/stop']")).hasCount(0);
            assertThat(answer.locator("[data-copy]")).isVisible();
            LivePages.assertNotReloaded(tab);
        }
        var raw = String.join("", tokens);
        for (var tab : List.of(first, second)) {
            var seen = seen(tab);
            var growing = seen.stream().filter(s -> "streaming".equals(s.get("status")) && !((String) s.get("text")).isEmpty()).toList();
            assertTrue(growing.size() >= 3, "the tab saw the answer grow, not appear at once: " + seen);
            for (var state : growing) {
                assertTrue(raw.startsWith((String) state.get("text")), "while streaming, a prefix of the answer and nothing doubled: " + state);
                assertEquals(true, state.get("stop"), "the Stop button stays while it streams: " + state);
            }
            assertTrue(seen.stream().allMatch(s -> ((Number) s.get("bubbles")).intValue() <= 2), "never a duplicate bubble: " + seen);
        }
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aTabOpenedOrReloadedMidAnswerShowsWhatExistsAndStreamsToTheEnd() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Onboarding");
        var before = List.of("One ", "two ", "three ", "four ", "five ", "six ");
        var after = new ArrayList<String>();
        for (int i = 7; i <= 30; i++) {
            after.add("w" + i + " ");
        }
        fake.enqueue(Script.stream().tokens(before.toArray(String[]::new)).pause(Duration.ofMillis(1000))
                .tokens(after.toArray(String[]::new)).finish().tokenDelay(Duration.ofMillis(50)));
        var raw = String.join("", before) + String.join("", after);

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var first = ann.page();
        awaitLive(first);
        ask(first, "Count for me");
        assertThat(answer(first).locator(".message-body")).hasText(String.join("", before).strip());

        // A second tab opened now shows what exists so far, and keeps streaming to the end.
        var second = ann.context().newPage();
        second.navigate(path);
        assertThat(answer(second)).hasAttribute("data-message-status", "streaming");
        assertThat(answer(second).locator(".message-body")).containsText("One two three four five six");
        second.evaluate(RECORD_THREAD);
        awaitLive(second);

        // The first tab is reloaded while tokens flow: it misses some, and catches up.
        assertThat(answer(second).locator(".message-body")).containsText("w8 ");
        first.reload();
        first.evaluate(RECORD_THREAD);

        for (var tab : List.of(first, second)) {
            assertThat(answer(tab)).hasAttribute("data-message-status", "done");
            assertThat(answer(tab).locator(".message-body")).hasText(raw.strip());
            assertThat(tab.locator(".thread .message")).hasCount(2);
        }
        for (var tab : List.of(first, second)) {
            for (var state : seen(tab)) {
                if ("streaming".equals(state.get("status"))) {
                    assertTrue(raw.startsWith((String) state.get("text")), "a prefix of the answer, nothing doubled, nothing skipped: " + state);
                }
            }
        }
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void stopEndsTheAnswerInBothTabsWithThePartialTextKept() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Long story");
        var tokens = new ArrayList<String>();
        for (int i = 1; i <= 60; i++) {
            tokens.add("word" + i + " ");
        }
        fake.enqueue(Script.stream().tokens(tokens.toArray(String[]::new)).finish().tokenDelay(Duration.ofMillis(100)));

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var first = ann.page();
        var second = ann.context().newPage();
        second.navigate(path);
        awaitLive(first);
        awaitLive(second);
        ask(first, "Tell me a long story");
        assertThat(answer(second).locator(".message-body")).containsText("word3 ");

        // Stop, from the tab that did not ask: its Stop form came over the live stream.
        second.bringToFront();
        answer(second).locator("form[action$='/stop'] button").click();

        for (var tab : List.of(first, second)) {
            assertThat(answer(tab)).hasAttribute("data-message-status", "stopped");
            assertThat(answer(tab).locator(".message-note")).hasText("Stopped.");
            assertThat(answer(tab).locator(".message-body")).containsText("word1 word2 word3");
        }
        var saved = app.queryOne(String.class, "select content from assistant_messages where role = 'assistant' and status = 'stopped'");
        assertTrue(String.join("", tokens).startsWith(saved) && saved.length() < String.join("", tokens).length(), saved);
        for (var tab : List.of(first, second)) {
            assertThat(answer(tab).locator(".message-body")).hasText(saved.strip());
            assertThat(tab.locator(".thread .message")).hasCount(2);
        }
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aNewConversationItsRenameAndItsDeletionShowInTheOtherTabsListAtOnce() {
        var acme = Fixtures.acme(app);
        var index = acme.org().path() + "/assistant";
        // The answer, then the title the app asks a fast model for after a first answer.
        fake.enqueue(Script.stream().tokens("Pack ", "light, ", "and ", "bring ", "a ", "towel.").finish()
                .tokenDelay(Duration.ofMillis(150)), Script.answer("Trip ", "packing"));

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(index);
        var first = ann.page();
        var second = ann.context().newPage();
        second.navigate(index);
        awaitLive(first);
        awaitLive(second);
        LivePages.mark(second);

        first.bringToFront();
        first.evaluate(RECORD_THREAD);
        LivePages.mark(first);
        ask(first, "What should I pack for a trip?");
        assertThat(first).hasURL(Pattern.compile("/assistant/\\d+$"));
        // The first tab, now on the new conversation, follows it: the answer streams in and finishes.
        assertThat(answer(first)).hasAttribute("data-message-status", "done");
        assertThat(answer(first).locator(".message-body")).hasText("Pack light, and bring a towel.");
        LivePages.assertNotReloaded(first);
        assertTrue(seen(first).stream().filter(s -> "streaming".equals(s.get("status")) && !((String) s.get("text")).isEmpty()).count() >= 2,
                "the answer grew in the tab that asked: " + seen(first));
        var item = second.locator("#conversations .conversation-item");
        assertThat(item).hasCount(1);
        assertThat(item.locator(".conversation-title")).hasText("Trip packing");
        assertThat(first.locator("#conversations .conversation-title")).hasText("Trip packing");
        assertThat(first.locator("#chat-title")).hasText("Trip packing");

        // The second tab opens it from its list; the first renames it.
        second.bringToFront();
        item.locator("a").click();
        assertThat(second).hasURL(first.url());
        awaitLive(second);
        first.bringToFront();
        first.locator(".chat-header").getByText("Rename").click();
        first.getByLabel("Title").fill("Packing list");
        ann.button("Save").click();
        assertThat(first.locator("#chat-title")).hasText("Packing list");
        assertThat(second.locator("#conversations .conversation-title")).hasText("Packing list");
        assertThat(second.locator("#chat-title")).hasText("Packing list");

        // Deleted in the first tab: gone from the second tab's list too, and the second tab says so. The
        // first tab gets the news while its own request is still on its way (held here until the second
        // tab has it): it is not told that someone else deleted it.
        var held = new ArrayList<Route>();
        var answers = new ArrayList<APIResponse>();
        first.route(url -> url.endsWith("/deletion"), route -> {
            answers.add(route.fetch());
            held.add(route);
        });
        first.onDialog(dialog -> dialog.accept());
        button(first.locator(".chat-header"), "Delete").click();
        assertThat(second.locator("#conversations .conversation-item")).hasCount(0);
        assertThat(second.getByText("This was just deleted by someone else.")).hasCount(1);
        assertThat(first.locator("#conversations .conversation-item")).hasCount(0);
        // live.js re-reads the regions that follow a topic 250 ms after its events: give a wrong re-read of
        // the deleted conversation's page (a 404), or a wrong word to the first tab, the time to happen.
        first.waitForTimeout(750);
        // (Counted now: an assertion would wait for the toast to go away by itself.)
        assertEquals(0, first.getByText("This was just deleted by someone else.").count(), "the first tab deleted it itself");
        assertEquals(1, second.getByText("This was just deleted by someone else.").count(), "the second tab is told once");
        assertEquals(1, held.size());
        held.get(0).fulfill(new Route.FulfillOptions().setResponse(answers.get(0)));
        assertThat(first).hasURL(Pattern.compile("/assistant$"));
        assertThat(first.locator("#chat-title")).hasText("Hearth Assistant");
        assertEquals(0, first.getByText("This was just deleted by someone else.").count(), "the first tab deleted it itself");
        LivePages.assertNotReloaded(second);
        // Neither tab re-read the conversation's page, which is gone.
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void anErrorMidStreamShowsInlineWithTheReasonAndRetryBringsANewAnswer() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Flaky model");
        fake.enqueue(Script.stream().tokens("The ", "answer ", "starts ", "well").streamError("server_error", "The model crashed mid-answer"),
                Script.answer("A ", "fresh ", "answer."));

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var first = ann.page();
        var second = ann.context().newPage();
        second.navigate(path);
        awaitLive(first);
        awaitLive(second);
        ask(first, "Will this work?");

        for (var tab : List.of(first, second)) {
            assertThat(answer(tab)).hasAttribute("data-message-status", "error");
            assertThat(answer(tab).locator(".message-body")).hasText("The answer starts well");
            assertThat(answer(tab).locator(".message-error")).containsText("The answer broke off:");
            assertThat(answer(tab).locator(".message-error")).containsText("The model crashed mid-answer");
            assertThat(button(answer(tab), "Retry")).isVisible();
        }

        // Retry from the tab whose Retry form came over the live stream.
        second.bringToFront();
        button(answer(second), "Retry").click();
        for (var tab : List.of(first, second)) {
            assertThat(answer(tab)).hasAttribute("data-message-status", "done");
            assertThat(answer(tab).locator(".message-body")).hasText("A fresh answer.");
            assertThat(tab.locator(".thread .message")).hasCount(2);
            assertThat(tab.locator(".message-error")).hasCount(0);
        }
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aRefusedQuestionShowsTheLimitAtTheComposerAndKeepsWhatWasTyped() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Limits");
        app.update("update plan_quotas set requests = 1 where plan = 'FREE' and scope = 'user' and period = 'hour'");
        fake.enqueue(Script.answer("Fine."));
        var asked = fake.requests().size();

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var page = ann.page();
        awaitLive(page);
        ask(page, "First question");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");

        ask(page, "A second question, over the limit");
        var alert = page.locator("#composer [role=alert]");
        assertThat(alert).containsText("You have used all 1 requests you may make this hour on the Free plan");
        assertThat(alert).containsText("The limit resets at");
        assertThat(page.locator("#field-content")).hasValue("A second question, over the limit");
        assertThat(page.locator(".thread .message")).hasCount(2);
        assertEquals(asked + 1, fake.requests().size());
        // The page is still the conversation's: a reload shows it, not a 404.
        assertThat(page).hasURL(Pattern.compile(path + "$"));
        // The refusal is the page's answer (429), not a fault.
        assertEquals(List.of(), ann.problems().stream().filter(p -> !p.contains("429")).toList());
    }

    @Test
    void enterSendsShiftEnterStartsANewLineAndAnAnswerHasACopyButton() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Keys");
        fake.enqueue(Script.answer("Two ", "lines, ", "**got it**."));
        var asked = fake.requests().size();

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var page = ann.page();
        awaitLive(page);
        var field = page.locator("#field-content");
        field.click();
        field.press("Enter"); // nothing to send yet
        page.keyboard().type("line one");
        page.keyboard().press("Shift+Enter");
        page.keyboard().type("line two");
        assertThat(field).hasValue("line one\nline two");
        assertThat(page.locator(".thread .message")).hasCount(0);

        page.keyboard().press("Enter");
        assertThat(question(page)).hasText("line one\nline two");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");
        assertThat(answer(page).locator(".message-body strong")).hasText("got it");
        assertEquals(asked + 1, fake.requests().size());
        // The composer came back empty and ready for the next question.
        assertThat(field).hasValue("");
        assertThat(field).isFocused();

        var copy = answer(page).locator("[data-copy]");
        assertThat(copy).isVisible();
        assertThat(copy).hasAttribute("data-copy", "Two lines, **got it**.");
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void anAnswerCarryingHtmlOrAScriptLinkRunsNothingWhileStreamingNorAfter() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Hostile");
        var tokens = List.of("Look: ", "<img src=x ", "onerror=\"window.__xss='img'\">", " and ",
                "[click me](javascript:window.__xss='link')", " and ", "<script>window.__xss='script'</script>",
                " and ", "<a href=\"javascript:window.__xss='a'\">", "raw link</a>", " done.");
        fake.enqueue(Script.stream().tokens(tokens.toArray(String[]::new)).finish().tokenDelay(Duration.ofMillis(60)));

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var first = ann.page();
        var second = ann.context().newPage();
        second.navigate(path);
        awaitLive(first);
        awaitLive(second);
        second.evaluate(RECORD_THREAD);
        ask(first, "Say something nasty");

        for (var tab : List.of(first, second)) {
            assertThat(answer(tab)).hasAttribute("data-message-status", "done");
            assertThat(answer(tab).locator(".message-body")).containsText("<img src=x onerror=");
            assertThat(answer(tab).locator(".message-body")).containsText("done.");
            assertThat(tab.locator(".thread img, .thread script, .thread [onerror], .thread a[href^='javascript' i]")).hasCount(0);
            var link = answer(tab).getByText("click me");
            if (link.count() > 0) {
                tab.bringToFront();
                link.first().click();
            }
            assertEquals(false, tab.evaluate("() => 'xss' in window || '__xss' in window"), "no script of the answer ran");
        }
        var seen = seen(second);
        assertTrue(seen.stream().anyMatch(s -> "streaming".equals(s.get("status")) && ((String) s.get("text")).contains("<img src=x")),
                "while streaming, the markup showed as text: " + seen);
        assertTrue(seen.stream().allMatch(s -> ((Number) s.get("images")).intValue() == 0), "never an image in the thread: " + seen);
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void theThreadFollowsAGrowingAnswerUntilTheReaderScrollsUpAndThenStaysWhereTheyRead() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Scrolling");
        var tokens = new ArrayList<String>();
        for (int i = 1; i <= 40; i++) {
            tokens.add("Paragraph " + i + " of a long answer.\n\n");
        }
        fake.enqueue(Script.stream().tokens(tokens.toArray(String[]::new)).finish().tokenDelay(Duration.ofMillis(40)));

        var ann = browsers.person("Ann", new Browser.NewContextOptions().setViewportSize(1100, 700))
                .logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var page = ann.page();
        awaitLive(page);
        ask(page, "Write a lot");
        var thread = page.locator(".thread");

        // While the answer grows past the thread's height, the newest text stays in view.
        assertThat(answer(page).locator(".message-body")).containsText("Paragraph 15 of");
        page.waitForFunction("() => { const t = document.querySelector('.thread');"
                + " return t.scrollHeight > t.clientHeight + 300 && t.scrollHeight - t.scrollTop - t.clientHeight < 80; }");

        // The reader scrolls up to read the start: from then on the thread stays where they read.
        thread.hover();
        page.mouse().wheel(0, -100_000);
        page.waitForFunction("() => document.querySelector('.thread').scrollTop < 100");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");
        assertThat(answer(page).locator(".message-body")).containsText("Paragraph 40 of a long answer.");
        var where = (String) thread.evaluate("t => t.scrollTop + ' of ' + (t.scrollHeight - t.clientHeight)");
        assertTrue((Boolean) thread.evaluate("t => t.scrollTop < 150 && t.scrollHeight - t.scrollTop - t.clientHeight > 300"),
                "neither the tokens nor the finished answer pulled the reader down: at " + where);
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withoutJavaScriptTheConversationPageRefreshesUntilTheAnswerIsWritten() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "No scripts");
        fake.enqueue(Script.stream().tokens("Plain ", "pages ", "work ", "*too*.").finish().tokenDelay(Duration.ofMillis(300)));

        var ann = browsers.personWithoutJavaScript("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var page = ann.page();
        ask(page, "Does this work without scripts?");
        assertThat(page).hasURL(Pattern.compile(path + "$"));
        assertThat(answer(page)).hasAttribute("data-message-status", "streaming");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");
        assertThat(answer(page).locator(".message-body em")).hasText("too");
        assertThat(page.locator("head noscript")).hasCount(0);
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void anAnswerThatFinishesWhileTheComposersPageIsOnItsWayStillShowsFinished() {
        var acme = Fixtures.acme(app);
        var path = conversation(acme, "Quick");
        fake.enqueue(Script.stream().pause(Duration.ofMillis(400)).tokens("Done ", "already.").finish());

        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(path);
        var page = ann.page();
        awaitLive(page);
        LivePages.mark(page);
        // The page the question leads to is rendered at once but reaches the browser only after the answer
        // has finished and its last event has been applied: what a slow network does to a fast answer.
        var held = new ArrayList<Route>();
        var pages = new ArrayList<APIResponse>();
        page.route(url -> url.endsWith("/messages"), route -> {
            pages.add(route.fetch());
            held.add(route);
        });
        ask(page, "Be quick");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");
        assertEquals("done", app.queryOne(String.class, "select status from assistant_messages where role = 'assistant'"));
        assertEquals(1, held.size());
        var stale = pages.get(0).text();
        assertTrue(stale.contains("data-message-status=\"streaming\""), "the page was rendered while the answer was written");
        held.get(0).fulfill(new Route.FulfillOptions().setResponse(pages.get(0)));

        assertThat(page.locator("#field-content")).hasValue("");
        assertThat(answer(page)).hasAttribute("data-message-status", "done");
        assertThat(answer(page).locator(".message-body")).hasText("Done already.");
        assertThat(answer(page).locator("[data-copy]")).isVisible();
        assertThat(page.locator(".thread .message")).hasCount(2);
        LivePages.assertNotReloaded(page);
        assertEquals(List.of(), ann.problems());
    }

    // ---- helpers

    /** A conversation of Ann's, titled by her (so no title is asked of the model), on the Free plan's first model. */
    private static String conversation(Fixtures.Acme acme, String title) {
        var model = app.queryOne(Long.class, "select id from ai_models where model_id = 'llama-3.1-8b-instant'");
        var id = app.queryOne(Long.class, """
                insert into assistant_conversations (org_id, user_id, title, titled, model_id) values (?, ?, ?, true, ?) returning id
                """, acme.org().id(), acme.ann().id(), title, model);
        return acme.org().path() + "/assistant/" + id;
    }

    private static void ask(Page page, String question) {
        page.locator("#field-content").fill(question);
        page.locator("#composer button[type=submit]").click();
    }

    private static Locator answer(Page page) {
        return page.locator(".thread .message-assistant").last();
    }

    private static Locator question(Page page) {
        return page.locator(".thread .message-user").last().locator(".message-body");
    }

    private static Locator button(Locator within, String name) {
        return within.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> seen(Page page) {
        return (List<Map<String, Object>>) page.evaluate("() => window.__seen");
    }
}
