package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.assertNotReloaded;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.mark;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.options.FilePayload;
import hearth.live.Topics;
import hearth.support.SupportDesk;
import hearth.testing.Eventually;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member chatting with support in a real browser. The agent's side is the console's; here it acts
 * over HTTP and through the repositories the console uses, and only the member is in the browser.
 */
class SupportChatBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void aMemberChatsWithAnAgentAndEverythingArrivesLive() {
        var acme = Fixtures.acme(app);
        var agent = SupportDesk.agent(app, "Sam Support", "sam@hearth.test");
        var id = SupportDesk.open(acme.ann(), acme.org(), "Exports fail", "The CSV export gives an error");
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(acme.org().path());
        var page = ann.page();
        awaitLive(page);
        mark(page);
        var badge = page.locator("#support-unread-" + acme.ann().id());
        assertThat(badge).isHidden();

        // The agent answers: the badge and the card on her org's home page show it at once.
        var first = SupportDesk.reply(app, id, agent, "Which file do you export?");
        assertThat(badge).isVisible();
        assertThat(badge).containsText("1");
        assertThat(page.locator("#support-card")).containsText("1 unread message");
        assertNotReloaded(page);

        page.locator("#support-card").getByText("Exports fail").click();
        assertThat(ann.heading("Exports fail")).isVisible();
        awaitLive(page);
        assertThat(page.getByText("Which file do you export?")).isVisible();
        assertThat(badge).isHidden();
        Eventually.waitFor(() -> readThrough(id) == first);
        mark(page);

        // "Support is typing…", then the reply lands in the thread, and a visible page reads it.
        assertEquals(204, agent.session().postWithCsrfHeader("/live/typing", form("topic", Topics.supportConversation(id))).status());
        assertThat(page.locator("[data-typing-for='" + Topics.supportConversation(id) + "']")).hasText("Support is typing…");
        var second = SupportDesk.reply(app, id, agent, "Try the tasks export, please.");
        assertThat(page.locator("#support-message-" + second)).containsText("Try the tasks export, please.");
        assertThat(page.locator("#support-message-" + second)).containsText("Sam Support");
        Eventually.waitFor(() -> readThrough(id) == second);

        // Ann answers with a screenshot; the agent reads it and she sees "Seen".
        ann.field("Your message").fill("Same error, see the screenshot.");
        page.locator("#field-files").setInputFiles(new FilePayload("error.png", "image/png", Fixtures.PNG));
        ann.button("Send").click();
        var mine = page.locator(".support-message-user").last();
        assertThat(mine).containsText("Same error, see the screenshot.");
        assertThat(mine.locator("img[alt='error.png']")).isVisible();
        assertThat(mine.locator("[data-receipt]")).hasText("Sent");
        assertThat(ann.field("Your message")).hasValue("");
        var messageId = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ? and kind = 'user'", id);
        SupportDesk.read(app, id, messageId);
        assertThat(mine.locator("[data-receipt]")).hasText("Seen");

        // She closes it; the state changes in place.
        ann.button("Close conversation").click();
        assertThat(ann.toasts()).containsText("Conversation closed");
        assertThat(page.locator("#support-state-" + id)).containsText("Closed");
        assertThat(ann.button("Reopen")).isVisible();
        ann.screenshot("support-thread.png");
        ann.open("/support");
        assertThat(page.locator("#support-conversation-" + id)).containsText("Closed");
        ann.screenshot("support-list.png");
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void aTooLargeFileIsRefusedBeforeItIsSentAndTheMessageStays() throws java.io.IOException {
        var acme = Fixtures.acme(app);
        var id = SupportDesk.open(acme.ann(), acme.org(), "Big file", "Coming");
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open("/support/" + id);
        awaitLive(ann.page());
        ann.field("Your message").fill("Here is the dump");
        // A file on disk, as a person picks it (handing the browser 10 MB through the driver is slow).
        var dump = java.nio.file.Files.createTempDirectory("hearth").resolve("dump.log");
        try (var file = new java.io.RandomAccessFile(dump.toFile(), "rw")) {
            file.setLength(10 * 1024 * 1024 + 1);
        }
        ann.page().locator("#field-files").setInputFiles(dump);
        assertThat(ann.toasts()).containsText("“dump.log” is larger than 10 MB");
        assertEquals("", ann.page().locator("#field-files").inputValue());
        assertThat(ann.field("Your message")).hasValue("Here is the dump");
        assertEquals(0, app.queryOne(Integer.class, "select count(*) from support_attachments"));
        java.nio.file.Files.delete(dump);
    }

    private static long readThrough(long id) {
        return app.queryOne(Long.class, "select user_read_through from support_conversations where id = ?", id);
    }
}
