package hearth.support;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import hearth.web.Access;
import hearth.web.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The member's side of the support desk over real HTTP: the list, a new conversation, the thread,
 * closing and reopening, receipts and unread counts both ways, the rate limit, and who may reach
 * which route.
 *
 * <p>Who may use the member's routes: the conversation's member, while still in its org. Support
 * agents and platform admins work conversations in the console (/admin/support), so here they get
 * 404 like anyone else — except for attachments, which the console links to.
 */
class SupportMemberTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static Person ada;
    static Person agent;
    static long annsConversation;
    static long attachment;

    @BeforeAll
    static void buildFixtures() {
        ada = Fixtures.admin(app);
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        agent = SupportDesk.agent(app, "Sam Support", "sam@hearth.test");
        var workspace = Fixtures.workspace(app, acme.org(), acme.ann());
        annsConversation = workspace.supportConversationId();
        attachment = workspace.supportAttachmentId();
    }

    // ---- who may reach the member's routes

    @TestFactory
    Stream<DynamicTest> onlyTheConversationsMemberReachesItsRoutesEveryoneElseGetsNotFound() {
        var params = Fixtures.pathParams(acme.org(), acme.bob(), globex.invite(), Fixtures.workspace(app, acme.org(), acme.ann()));
        return app.routes().stream().filter(route -> route.path().startsWith("/support/{id}")).map(route ->
                dynamicTest(route.method() + " " + route.path(), () -> {
                    assertEquals(Access.USER, route.access());
                    var path = params.fill(route.path());
                    var attachmentRoute = route.path().contains("/attachments/");
                    for (var outsider : List.of(acme.bob(), globex.gus(), agent, ada)) {
                        var staff = outsider == agent || outsider == ada;
                        var before = DbSnapshot.take(app);
                        var response = send(outsider.session(), route, path);
                        if (staff && attachmentRoute) {
                            assertEquals(200, response.status(), outsider.name() + ": " + response.describe());
                        } else {
                            assertEquals(404, response.status(), outsider.name() + ": " + response.describe());
                            assertFalse(response.body().contains("Fixture support question"), response.describe());
                        }
                        before.assertUnchangedIn(DbSnapshot.take(app), outsider.name() + "'s " + route.method() + " " + path);
                    }
                    var owner = send(acme.ann().session(), route, path);
                    assertTrue(owner.status() < 400, "Ann: " + owner.describe());
                }));
    }

    @Test
    void aMemberWhoLeftTheOrgNoLongerReachesTheirConversation() {
        var dan = Fixtures.join(app, acme.org(), acme.ann(), "Dan Leaving", "dan@acme.test", "MEMBER");
        var id = SupportDesk.open(dan, acme.org(), "Before I go", "A question");
        assertEquals(200, dan.session().get("/support/" + id).status());

        assertEquals(303, acme.ann().session().post(acme.org().path() + "/members/" + dan.id() + "/removal").status());

        assertEquals(404, dan.session().get("/support/" + id).status());
        assertFalse(dan.session().get("/support").text().contains("Before I go"));
        assertEquals(404, dan.session().post("/support/" + id + "/messages", form("body", "Still here?")).status());
    }

    // ---- the list and a new conversation

    @Test
    void theListShowsTheMembersConversationsAcrossTheirOrgsFilteredInTheUrl() {
        var ann = acme.ann();
        var labs = Fixtures.createOrg(app, ann, "Ann Labs");
        var open = SupportDesk.open(ann, acme.org(), "Invoices are wrong", "The totals are off");
        var closed = SupportDesk.open(ann, labs, "Cannot invite", "The button does nothing");
        assertEquals(303, ann.session().post("/support/" + closed + "/status", form("status", "closed")).status());
        SupportDesk.open(acme.bob(), acme.org(), "Bob's own question", "Mine alone");

        var all = ann.session().get("/support");
        assertEquals(200, all.status(), all.describe());
        var row = all.document().getElementById("support-conversation-" + open);
        assertNotNull(row, all.describe());
        assertTrue(row.text().contains("Invoices are wrong") && row.text().contains("The totals are off")
                && row.text().contains("Acme") && row.text().contains("Open"), row.text());
        assertTrue(all.document().getElementById("support-conversation-" + closed).text().contains("Ann Labs"));
        assertFalse(all.text().contains("Bob's own question"));

        var onlyOpen = ann.session().get("/support?status=open");
        assertNotNull(onlyOpen.document().getElementById("support-conversation-" + open));
        assertNull(onlyOpen.document().getElementById("support-conversation-" + closed));
        var onlyClosed = ann.session().get("/support?status=closed");
        assertNull(onlyClosed.document().getElementById("support-conversation-" + open));
        assertNotNull(onlyClosed.document().getElementById("support-conversation-" + closed));
        assertEquals("page", onlyClosed.document().selectFirst("a[href=/support?status=closed]").attr("aria-current"));
    }

    @Test
    void someoneWithoutConversationsSeesAnEmptyStateAndTheFormWithTheirCurrentOrg() {
        var erin = Fixtures.join(app, acme.org(), acme.ann(), "Erin Empty", "erin@acme.test", "MEMBER");
        var other = Fixtures.createOrg(app, erin, "Erin Co");
        erin.session().get(acme.org().path());
        var page = erin.session().get("/support");
        assertTrue(page.text().contains("No conversations yet"), page.describe());
        assertEquals(String.valueOf(acme.org().id()), page.document().selectFirst("#field-org option[selected]").attr("value"));
        assertEquals(2, page.document().select("#field-org option").size(), "only her own orgs: " + other.name() + " and Acme");
        assertEquals("normal", page.document().selectFirst("#field-priority option[selected]").attr("value"));
        assertTrue(erin.session().get("/support?status=closed").text().contains("No closed conversations"));
    }

    @Test
    void aNewConversationThatIsNotValidIsRefusedWithMessagesByTheFieldsAndNothingIsWritten() {
        var ann = acme.ann().session();
        ann.get("/support");
        var before = DbSnapshot.take(app);
        var response = ann.post("/support", form("subject", "", "body", "x".repeat(10_001), "priority", "whenever",
                "org", String.valueOf(globex.org().id())));
        assertEquals(422, response.status(), response.describe());
        assertEquals("Subject is required.", response.fieldError("subject"));
        assertEquals("A message can be at most 10,000 characters; this one has 10,001.", response.fieldError("body"));
        assertEquals("Choose a valid priority.", response.fieldError("priority"));
        assertEquals("Choose one of your organizations.", response.fieldError("org"));
        assertEquals("x".repeat(10_001), response.inputValue("body"), "what was typed is kept");
        assertFalse(response.body().contains("Globex"), "another org's name never shows");

        var longSubject = ann.post("/support", form("subject", "s".repeat(201), "body", "", "priority", "high",
                "org", String.valueOf(acme.org().id())));
        assertEquals(422, longSubject.status());
        assertEquals("Subject must be at most 200 characters.", longSubject.fieldError("subject"));
        assertEquals("Write a message first.", longSubject.fieldError("body"));
        assertEquals("s".repeat(201), longSubject.inputValue("subject"));
        before.assertUnchangedIn(DbSnapshot.take(app), "Refused new conversations");
    }

    @Test
    void aNewConversationStartsWithItsFirstMessageAndPriority() {
        var id = SupportDesk.open(acme.ann(), acme.org(), "  Export is slow  ", "It takes minutes");
        assertEquals("Export is slow|normal|open|1|It takes minutes", app.queryOne(String.class, """
                select subject || '|' || priority || '|' || status || '|' || message_count || '|' || last_message_preview
                from support_conversations where id = ?""", id));
        var urgent = acme.ann().session().post("/support", form("subject", "Down", "body", "Everything is down",
                "priority", "urgent", "org", String.valueOf(acme.org().id())));
        assertEquals(303, urgent.status());
        var page = acme.ann().session().follow(urgent);
        assertEquals("Down", page.document().selectFirst("h1").text());
        assertTrue(page.document().selectFirst(".support-message-user").text().contains("Everything is down"));
        assertTrue(page.document().selectFirst(".support-message-user").text().contains("Ann Owner"), "the sender's name");
    }

    // ---- the thread

    @Test
    void theComposerRefusesAnEmptyOrTooLongMessageAndKeepsWhatWasTyped() {
        var id = SupportDesk.open(acme.ann(), acme.org(), "Long", "Start");
        var ann = acme.ann().session();
        ann.get("/support/" + id);
        var before = DbSnapshot.take(app);
        var tooLong = ann.post("/support/" + id + "/messages", form("body", "y".repeat(10_001)));
        assertEquals(422, tooLong.status());
        assertEquals("A message can be at most 10,000 characters; this one has 10,001.", tooLong.fieldError("body"));
        assertEquals("y".repeat(10_001), tooLong.inputValue("body"));
        var blank = ann.post("/support/" + id + "/messages", form("body", "   "));
        assertEquals(422, blank.status());
        assertEquals("Write a message first.", blank.fieldError("body"));
        before.assertUnchangedIn(DbSnapshot.take(app), "Refused messages");

        var sent = ann.post("/support/" + id + "/messages", form("body", "y".repeat(10_000)));
        assertEquals(303, sent.status(), sent.describe());
    }

    @Test
    void theMemberClosesAndReopensAndAMessageReopensAClosedConversation() {
        var id = SupportDesk.open(acme.ann(), acme.org(), "Close me", "Done soon");
        var ann = acme.ann().session();
        var closed = ann.follow(ann.post("/support/" + id + "/status", form("status", "closed")));
        assertEquals("closed", status(id));
        assertTrue(closed.text().contains("Conversation closed"), closed.describe());
        assertNotNull(closed.document().selectFirst("#support-state-" + id + " button:contains(Reopen)"));

        ann.post("/support/" + id + "/status", form("status", "open"));
        assertEquals("open", status(id));
        ann.post("/support/" + id + "/status", form("status", "closed"));
        assertEquals(303, ann.post("/support/" + id + "/messages", form("body", "One more thing")).status());
        assertEquals("open", status(id));
        assertEquals(List.of("closed", "reopened", "closed"),
                app.queryList(String.class, "select action from support_log where conversation_id = ? order by id", id));
        assertEquals(400, ann.post("/support/" + id + "/status", form("status", "in_progress")).status(), "members only close or reopen");
    }

    @Test
    void readReceiptsAndUnreadCountsWorkBothWays() {
        var ann = acme.ann();
        var id = SupportDesk.open(ann, acme.org(), "Receipts", "Are you there?");
        var mine = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ?", id);
        assertEquals(1, unreadForAgents(id), "support has not read Ann's message");
        assertEquals("Sent", receipt(ann.session().get("/support/" + id), mine));

        SupportDesk.read(app, id, mine);
        assertEquals(0, unreadForAgents(id));
        assertEquals("Seen", receipt(ann.session().get("/support/" + id), mine), "support read it");

        var reply = SupportDesk.reply(app, id, agent, "Yes, looking into it");
        ann.session().get("/support");
        var list = ann.session().get("/support");
        assertEquals("1 unread", list.document().selectFirst("#support-conversation-" + id + " .support-row-unread").text());
        assertEquals(String.valueOf(unreadOfAnn()), list.document().selectFirst("#support-unread-" + ann.id()).ownText());
        var home = ann.session().get(acme.org().path());
        assertTrue(home.document().getElementById("support-card").text().contains("unread"), home.describe());
        assertNotNull(home.document().selectFirst("#support-card #support-conversation-" + id));

        // A region refresh (an htmx fragment) is not the member reading: a tab in the background does it too.
        ann.session().htmxGet("/support/" + id);
        assertEquals(0L, userReadThrough(id) >= reply ? 1L : 0L);

        var opened = ann.session().get("/support/" + id);
        assertEquals(reply, userReadThrough(id), "opening the page reads it");
        assertEquals("Seen", receipt(opened, reply), "the agent's reply shows as seen by Ann");
        assertEquals("0", opened.document().selectFirst("#support-unread-" + ann.id()).ownText(),
                "the page that read it shows nothing unread in its navigation");
        assertEquals(0, app.queryOne(Integer.class, """
                select count(*) from support_messages m join support_conversations c on c.id = m.conversation_id
                where c.id = ? and m.kind = 'agent' and m.id > c.user_read_through""", id));

        // A page reports what a visible tab showed; never past the newest message.
        var next = SupportDesk.reply(app, id, agent, "Found it");
        assertEquals(204, ann.session().postWithCsrfHeader("/support/" + id + "/receipt", form("through", String.valueOf(next + 1000))).status());
        assertEquals(next, userReadThrough(id));
    }

    @Test
    void aMemberSendsThirtyMessagesAMinuteAndTheThirtyFirstIsRefused() {
        var rita = Fixtures.join(app, acme.org(), acme.ann(), "Rita Rapid", "rita@acme.test", "MEMBER");
        awaitFreshMinute();
        var id = SupportDesk.open(rita, acme.org(), "Many", "Message 1");
        var session = rita.session();
        for (int i = 2; i <= 30; i++) {
            var sent = session.post("/support/" + id + "/messages", form("body", "Message " + i));
            assertEquals(303, sent.status(), "message " + i + ": " + sent.describe());
        }
        session.get("/support/" + id);
        var before = DbSnapshot.take(app);
        var refused = session.post("/support/" + id + "/messages", form("body", "Message 31"));
        assertEquals(429, refused.status(), refused.describe());
        assertTrue(refused.text().contains("You can send up to 30 messages a minute."), refused.describe());
        assertEquals("Message 31", refused.inputValue("body"), "what was typed is kept");
        var newOne = session.post("/support", form("subject", "Another", "body", "Also refused", "priority", "normal",
                "org", String.valueOf(acme.org().id())));
        assertEquals(429, newOne.status(), "a new conversation's first message counts too");
        assertEquals("Another", newOne.inputValue("subject"));
        before.assertUnchangedIn(DbSnapshot.take(app), "Messages past the limit");
    }

    @Test
    void theLimitHoldsUnderConcurrencyExactlyThirtyOfFortyGetThrough() throws Exception {
        var cody = Fixtures.join(app, acme.org(), acme.ann(), "Cody Concurrent", "cody@acme.test", "MEMBER");
        var id = SupportDesk.open(cody, acme.org(), "Race", "First");
        awaitFreshMinute();
        app.update("delete from rate_limits where bucket = ?", "support-messages:user:" + cody.id());
        var sessions = new ArrayList<HttpSession>();
        for (int i = 0; i < 4; i++) {
            sessions.add(Fixtures.logIn(app, cody));
        }
        var pool = Executors.newFixedThreadPool(4);
        try {
            var tasks = new ArrayList<Callable<List<Integer>>>();
            for (var session : sessions) {
                tasks.add(() -> {
                    var statuses = new ArrayList<Integer>();
                    for (int i = 0; i < 10; i++) {
                        statuses.add(session.post("/support/" + id + "/messages", form("body", "Racing")).status());
                    }
                    return statuses;
                });
            }
            var statuses = new ArrayList<Integer>();
            for (var future : pool.invokeAll(tasks)) {
                statuses.addAll(future.get());
            }
            assertEquals(30, statuses.stream().filter(s -> s == 303).count(), statuses.toString());
            assertEquals(10, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
            assertEquals(30, app.queryOne(Integer.class, "select count(*) from support_messages where conversation_id = ? and body = 'Racing'", id));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers

    private static Response send(HttpSession session, RouteTable.Route route, String path) {
        return route.changesState() ? session.post(path, form("body", "Taken over", "status", "closed", "through", "999999"))
                : session.get(path);
    }

    /** The counts are per minute: start a burst early in one, so it does not straddle two. */
    private static void awaitFreshMinute() {
        var second = app.queryOne(Double.class, "select extract(second from now())");
        if (second > 40) {
            try {
                Thread.sleep((long) ((60.5 - second) * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String status(long id) {
        return app.queryOne(String.class, "select status from support_conversations where id = ?", id);
    }

    private static long userReadThrough(long id) {
        return app.queryOne(Long.class, "select user_read_through from support_conversations where id = ?", id);
    }

    private static int unreadForAgents(long id) {
        return app.jdbi().withHandle(handle -> handle.attach(SupportConversations.class).findForStaff(id).orElseThrow().unreadForAgents());
    }

    private static int unreadOfAnn() {
        return app.jdbi().withHandle(handle -> SupportConversations.unreadForUser(handle, acme.ann().id()));
    }

    private static String receipt(Response page, long messageId) {
        var receipt = page.document().selectFirst("#support-message-" + messageId + " [data-receipt]");
        assertNotNull(receipt, page.describe());
        return receipt.text();
    }
}
