package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static hearth.browser.LivePages.assertNotReloaded;
import static hearth.browser.LivePages.awaitLive;
import static hearth.browser.LivePages.mark;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sam works the support console while Ann, a member, writes in from her own machine: her new
 * conversation and her messages appear in his queue and his open conversation at once, with a toast.
 */
class SupportConsoleBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void theQueueShowsANewConversationAndANewMessageLiveWithAToast() {
        var sam = Fixtures.agent(app);
        var acme = Fixtures.acme(app);
        var agent = browsers.person("Sam").logIn(sam.email(), Fixtures.PASSWORD).open("/admin/support");
        var queue = agent.page();
        awaitLive(queue);
        mark(queue);
        assertThat(queue.getByText("The queue is empty")).isVisible();

        var ann = acme.ann().session();
        var opened = ann.post("/support", form("subject", "The invoice is wrong", "body", "It doubles our seats",
                "priority", "high", "org", String.valueOf(acme.org().id())));
        assertEquals(303, opened.status(), opened.describe());
        var id = Long.parseLong(opened.location().substring("/support/".length()));

        assertThat(agent.toasts()).containsText("New conversation from Ann Owner: The invoice is wrong");
        assertThat(queue.locator("#support-conversation-" + id)).containsText("The invoice is wrong");

        var sent = ann.post("/support/" + id + "/messages", form("body", "Any news?"));
        assertEquals(303, sent.status(), sent.describe());
        assertThat(agent.toasts()).containsText("New message from Ann Owner: Any news?");
        assertThat(queue.locator("#support-conversation-" + id)).containsText("Any news?");
        assertThat(queue.locator("#support-conversation-" + id + " .badge-unread")).hasText("2 new");

        // Sam's own changes are not news: closing it shows in the row, without another toast.
        var toasts = queue.locator("#toasts .toast").count();
        sam.session().post("/admin/support/" + id + "/status", form("status", "pending"));
        assertThat(queue.locator("#support-conversation-" + id)).containsText("Pending");
        assertEquals(toasts, queue.locator("#toasts .toast").count());
        assertNotReloaded(queue);
        assertEquals(List.of(), agent.problems());
    }

    @Test
    void theConversationFollowsTheMemberAndCannedRepliesGoIntoTheReplyBox() {
        var sam = Fixtures.agent(app);
        var acme = Fixtures.acme(app);
        sam.session().post("/admin/support/replies", form("title", "Greeting", "body", "Hello {{user.name}}, {{agent.name}} here."));
        var ann = acme.ann().session();
        var opened = ann.post("/support", form("subject", "Login trouble", "body", "I cannot log in",
                "priority", "normal", "org", String.valueOf(acme.org().id())));
        var id = Long.parseLong(opened.location().substring("/support/".length()));

        var agent = browsers.person("Sam").logIn(sam.email(), Fixtures.PASSWORD).open("/admin/support/" + id);
        var page = agent.page();
        awaitLive(page);
        mark(page);

        var box = page.locator("#field-body");
        box.fill("Thanks. ");
        agent.button("Insert").click();
        assertThat(box).hasValue("Thanks. Hello Ann Owner, Sam Agent here.");

        ann.post("/support/" + id + "/messages", form("body", "Still locked out"));
        assertThat(page.locator("#support-thread-" + id)).containsText("Still locked out");
        assertThat(box).hasValue("Thanks. Hello Ann Owner, Sam Agent here.");

        agent.button("Send").click();
        assertThat(page.locator("#support-thread-" + id + " [data-kind=agent]")).containsText("Hello Ann Owner");
        assertEquals(List.of(), agent.problems());
    }

    @Test
    void typingANoteTellsOnlyTheTeamAndTypingAReplyTellsTheMember() {
        var sam = Fixtures.agent(app);
        var acme = Fixtures.acme(app);
        var id = hearth.support.SupportDesk.open(acme.ann(), acme.org(), "Typing", "Hello?");
        var memberTopic = hearth.live.Topics.supportConversation(id);
        var staffTopic = hearth.live.Topics.supportStaff(id);
        var olga = hearth.support.SupportDesk.agent(app, "Olga Support", "olga@hearth.test");
        try (var member = hearth.testing.EventStream.open(app, acme.ann().session(), "topic=" + memberTopic);
             var team = hearth.testing.EventStream.open(app, olga.session(), "topic=" + staffTopic)) {
            member.await(e -> e.event().equals("hello"), java.time.Duration.ofSeconds(10));
            team.await(e -> e.event().equals("hello"), java.time.Duration.ofSeconds(10));
            var agent = browsers.person("Sam").logIn(sam.email(), Fixtures.PASSWORD).open("/admin/support/" + id);
            awaitLive(agent.page());

            agent.page().getByLabel("An internal note").check();
            agent.page().locator("#field-body").pressSequentially("Checking the billing system");
            team.await(e -> e.event().equals("typing"), java.time.Duration.ofSeconds(10));
            assertEquals(List.of(), member.drain(java.time.Duration.ofMillis(1500)).stream()
                    .filter(e -> e.event().equals("typing")).toList(), "The member hears nothing of a note");
            agent.button("Send").click();
            assertThat(agent.page().locator("#support-thread-" + id + " [data-kind=note]")).containsText("Checking the billing system");

            agent.page().getByLabel("A reply to the member").check();
            agent.page().locator("#field-body").pressSequentially("Found it");
            member.await(e -> e.event().equals("typing"), java.time.Duration.ofSeconds(10));
            assertEquals(List.of(), agent.problems());
        }
    }

    @Test
    void theSoundIsOffUntilTurnedOnAndStaysAsChosen() {
        var sam = Fixtures.agent(app);
        var agent = browsers.person("Sam").logIn(sam.email(), Fixtures.PASSWORD).open("/admin/support");
        var sound = agent.page().locator("[data-support-sound]");
        assertThat(sound).hasText("Sound off");
        assertThat(sound).hasAttribute("aria-pressed", "false");
        sound.click();
        assertThat(sound).hasText("Sound on");
        agent.page().reload();
        assertThat(agent.page().locator("[data-support-sound]")).hasText("Sound on");
        assertEquals(List.of(), agent.problems());
    }
}
