package hearth.support;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.live.Topics;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The support desk's events over real streams: who gets which fragment, and who never gets a note. */
class SupportLiveTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @RegisterExtension
    static TestApp app = new TestApp().withConfig("LIVE_HEARTBEAT_SECONDS", "1");

    static Acme acme;
    static Person agent;

    @BeforeAll
    static void buildFixtures() {
        acme = Fixtures.acme(app);
        agent = SupportDesk.agent(app, "Sam Support", "sam@hearth.test");
    }

    @Test
    void aMembersMessageReachesEveryTabOfTheirsAndTheAgentsAsTheThreadsPartial() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Live", "First");
        var topics = "topic=" + Topics.supportConversation(id) + "&topic=" + Topics.supportUser(ann.id());
        try (var tab = EventStream.open(app, ann.session(), topics);
             var otherTab = EventStream.open(app, Fixtures.logIn(app, ann), topics);
             var console = EventStream.open(app, agent.session(), "topic=" + Topics.supportConversation(id) + "&topic=" + Topics.SUPPORT_QUEUE)) {
            for (var stream : new EventStream[] {tab, otherTab, console}) {
                stream.await(e -> e.event().equals("hello"), WAIT);
            }
            assertEquals(303, ann.session().post("/support/" + id + "/messages", form("body", "Second <b>bold</b>")).status());
            var messageId = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ?", id);
            for (var stream : new EventStream[] {tab, otherTab, console}) {
                var message = stream.await(e -> e.event().equals("fragment") && e.data().contains("support-message-" + messageId), WAIT);
                assertTrue(message.data().contains("data-live-append-to=\"support-thread-" + id + "\""), message.data());
                assertTrue(message.data().contains("Second &lt;b&gt;bold&lt;/b&gt;"), message.data());
            }
            var row = tab.await(e -> e.event().equals("fragment") && e.topic().equals(Topics.supportUser(ann.id())), WAIT);
            assertTrue(row.data().contains("id=\"support-conversation-" + id + "\""), row.data());
            assertTrue(row.data().contains("id=\"support-unread-" + ann.id() + "\""), "the badge comes along: " + row.data());
        }
    }

    @Test
    void agentsOnAConversationSeeEachOtherAndTheMemberSeesNoneOfIt() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Who is on it", "Hello?");
        var other = SupportDesk.agent(app, "Pat Support", "pat@hearth.test");
        var consoleTopics = "topic=" + Topics.supportConversation(id) + "&topic=" + Topics.supportStaff(id);
        var page = agent.session().get("/admin/support/" + id);
        assertTrue(page.document().selectFirst("#" + Topics.domId("presence", Topics.supportStaff(id))) != null,
                "The console page has the list to fill in: " + page.describe());
        try (var sams = EventStream.open(app, agent.session(), consoleTopics);
             var anns = EventStream.open(app, ann.session(), consoleTopics)) {
            sams.await(e -> e.event().equals("presence") && e.data().contains("data-user-id=\"" + agent.id() + "\""), WAIT);
            assertTrue(anns.await(e -> e.event().equals("denied"), WAIT).topic().equals(Topics.supportStaff(id)),
                    "The member may not follow the staff's topic");
            try (var pats = EventStream.open(app, other.session(), consoleTopics)) {
                var both = sams.await(e -> e.event().equals("presence") && e.data().contains("presence-online\" data-user-id=\"" + other.id() + "\""), WAIT);
                assertTrue(both.data().contains("Pat Support"), both.data());
                pats.await(e -> e.event().equals("presence") && e.data().contains("data-user-id=\"" + agent.id() + "\""), WAIT);
            }
            // A closed stream is noticed at the next write to it: the heartbeat, every second here.
            sams.await(e -> e.event().equals("presence") && e.data().contains("presence-offline\" data-user-id=\"" + other.id() + "\""), WAIT);
            assertFalse(anns.drain(QUIET).stream().anyMatch(e -> e.event().equals("presence")), "No presence reaches the member");
            assertEquals(0L, (long) app.queryOne(Long.class,
                    "select count(*) from presence_seen where topic = ? and user_id = ?", Topics.supportStaff(id), ann.id()));
        }
    }

    @Test
    void anAgentsReplyUpdatesTheMembersThreadListAndBadge() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Badge", "Hello?");
        try (var tab = EventStream.open(app, ann.session(), "topic=" + Topics.supportConversation(id) + "&topic=" + Topics.supportUser(ann.id()))) {
            tab.await(e -> e.event().equals("hello"), WAIT);
            var reply = SupportDesk.reply(app, id, agent, "Hi Ann");
            tab.await(e -> e.event().equals("fragment") && e.data().contains("support-message-" + reply), WAIT);
            var badge = tab.await(e -> e.event().equals("fragment") && e.data().contains("support-unread-" + ann.id()), WAIT);
            var unread = app.jdbi().withHandle(h -> SupportConversations.unreadForUser(h, ann.id()));
            assertTrue(unread > 0);
            assertTrue(badge.data().contains(">" + unread + "<span class=\"visually-hidden\"> unread"), badge.data());
            var state = tab.await(e -> e.event().equals("fragment") && e.data().contains("id=\"support-state-" + id + "\""), WAIT);
            assertTrue(state.data().contains("data-user-read-through=\"0\""), state.data());

            // The agent reads Ann's message: her page gets the new receipts.
            SupportDesk.read(app, id, reply);
            var receipts = tab.await(e -> e.event().equals("fragment") && e.data().contains("data-agent-read-through=\"" + reply + "\""), WAIT);
            assertTrue(receipts.data().contains("name=\"_csrf\" value=\"\""), "viewer-neutral: " + receipts.data());
        }
    }

    @Test
    void anInternalNoteNeverReachesTheMemberOrAnOutsiderOnlyTheSupportTeam() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Notes", "Question");
        var memberTopics = "topic=" + Topics.supportConversation(id) + "&topic=" + Topics.supportUser(ann.id());
        try (var member = EventStream.open(app, ann.session(), memberTopics + "&topic=" + Topics.supportStaff(id));
             var outsider = EventStream.open(app, acme.bob().session(), memberTopics + "&topic=" + Topics.supportUser(acme.bob().id()));
             var staff = EventStream.open(app, agent.session(), "topic=" + Topics.supportStaff(id))) {
            member.await(e -> e.event().equals("denied") && e.topic().equals(Topics.supportStaff(id)), WAIT);
            outsider.await(e -> e.event().equals("denied") && e.topic().equals(Topics.supportConversation(id)), WAIT);
            outsider.await(e -> e.event().equals("denied") && e.topic().equals(Topics.supportUser(ann.id())), WAIT);
            staff.await(e -> e.event().equals("hello"), WAIT);

            var note = SupportDesk.note(app, id, agent, "SECRET: customer is on the old plan");

            staff.await(e -> e.event().equals("fragment") && e.data().contains("SECRET"), WAIT);
            for (var stream : new EventStream[] {member, outsider}) {
                for (var event : stream.drain(QUIET)) {
                    assertFalse(event.data().contains("SECRET"), event.toString());
                    assertFalse(event.data().contains("support-message-" + note), "no message event for a note: " + event);
                }
            }
            // The member's page does not show it either.
            assertFalse(ann.session().get("/support/" + id).body().contains("SECRET"));
            assertFalse(ann.session().get("/support").body().contains("SECRET"), "nor the list's preview");
        }
    }

    @Test
    void anAgentsConsolePageFollowsTheNotesSoAnotherAgentsNoteAppearsLive() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Two agents", "Anyone?");
        var page = agent.session().get("/admin/support/" + id);
        var topics = page.document().getElementById("live-follow").attr("data-live-topics").split(" ");
        assertTrue(java.util.List.of(topics).contains(Topics.supportStaff(id)), String.join(" ", topics));
        var query = String.join("&", java.util.Arrays.stream(topics).map(topic -> "topic=" + topic).toList());
        try (var console = EventStream.open(app, agent.session(), query)) {
            console.await(e -> e.event().equals("hello"), WAIT);
            var other = SupportDesk.agent(app, "Olga Support", "olga@hearth.test");
            var note = SupportDesk.note(app, id, other, "Checked the logs: a bounced mail");
            var fragment = console.await(e -> e.event().equals("fragment") && e.data().contains("support-message-" + note), WAIT);
            assertTrue(fragment.data().contains("Checked the logs"), fragment.data());
        }
    }

    @Test
    void theMembersTypingReachesSupportAndSupportsTypingReachesTheMember() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Typing", "Hi");
        var topic = Topics.supportConversation(id);
        try (var member = EventStream.open(app, ann.session(), "topic=" + topic);
             var console = EventStream.open(app, agent.session(), "topic=" + topic)) {
            member.await(e -> e.event().equals("hello"), WAIT);
            console.await(e -> e.event().equals("hello"), WAIT);
            assertEquals(204, ann.session().postWithCsrfHeader("/live/typing", form("topic", topic)).status());
            console.await(e -> e.event().equals("typing") && e.data().contains("\"user\":" + ann.id()), WAIT);
            assertEquals(204, agent.session().postWithCsrfHeader("/live/typing", form("topic", topic)).status());
            member.await(e -> e.event().equals("typing") && e.data().contains("\"user\":" + agent.id()), WAIT);
            assertEquals(404, acme.bob().session().postWithCsrfHeader("/live/typing", form("topic", topic)).status());
        }
    }
}
