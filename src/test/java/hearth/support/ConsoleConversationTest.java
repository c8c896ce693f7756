package hearth.support;

import static hearth.support.SupportDesk.open;
import static hearth.support.SupportDesk.path;
import static hearth.support.SupportDesk.memberWrites;
import static hearth.testing.Fixtures.fields;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.live.Topics;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.Lists;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Working a conversation in the console: replies, notes, receipts, assignment, status, tags, archive, bulk. */
class ConsoleConversationTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ada;
    Person sam;
    Acme acme;
    long conversation;

    @BeforeEach
    void openAConversation() {
        ada = Fixtures.admin(app);
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
        conversation = open(app, acme.org(), acme.ann(), "Invoice is wrong", "The invoice doubles our seats");
    }

    @Test
    void theViewShowsTheMemberTheirOrgAndTheThread() {
        var page = sam.session().get(path(conversation));
        assertEquals(200, page.status(), page.describe());
        var text = page.text();
        assertTrue(text.contains("Invoice is wrong"));
        assertTrue(text.contains("Ann Owner"));
        assertTrue(text.contains("ann@acme.test"));
        assertTrue(text.contains("Acme"));
        assertNotNull(page.document().selectFirst("#support-thread-" + conversation + " li:contains(The invoice doubles our seats)"));
    }

    @Test
    void aReplySetsTheFirstResponseAndAnInternalNoteDoesNot() {
        var note = sam.session().post(path(conversation) + "/messages", form("body", "Check the plan first", "kind", "note"));
        assertEquals(303, note.status(), note.describe());
        assertNull(column("first_response_at"));
        assertEquals(1, app.queryOne(Integer.class, "select message_count from support_conversations where id = ?", conversation),
                "A note is not a message the member sees");
        assertEquals("The invoice doubles our seats", column("last_message_preview"));

        var reply = sam.session().post(path(conversation) + "/messages", form("body", "We fixed the invoice", "kind", "agent"));
        assertEquals(303, reply.status(), reply.describe());
        assertNotNull(column("first_response_at"));
        assertEquals("We fixed the invoice", column("last_message_preview"));
        assertEquals(List.of("user", "note", "agent"), app.queryList(String.class,
                "select kind from support_messages where conversation_id = ? order by id", conversation));

        var page = sam.session().follow(reply);
        assertTrue(page.text().contains("Reply sent."));
        var noteItem = page.document().selectFirst("li[data-kind=note]");
        assertNotNull(noteItem);
        assertTrue(noteItem.text().contains("Internal note"), "A note is marked as internal");
        assertEquals(List.of("noted", "replied"), app.queryList(String.class,
                "select action from support_log where conversation_id = ? order by id", conversation));
    }

    @Test
    void anInternalNoteNeverReachesTheMemberNeitherOnTheirPageNorOverTheirStreams() {
        var ann = acme.ann().session();
        var topics = "topic=" + Topics.supportUser(acme.ann().id()) + "&topic=" + Topics.supportConversation(conversation);
        try (var stream = EventStream.open(app, ann, topics)) {
            assertEquals(200, stream.status());
            sam.session().post(path(conversation) + "/messages", form("body", "Internal: they owe us money", "kind", "note"));
            sam.session().post(path(conversation) + "/messages", form("body", "We corrected the invoice", "kind", "agent"));

            stream.await(event -> event.data().contains("We corrected the invoice"), Duration.ofSeconds(10));
            var rest = stream.drain(Duration.ofMillis(700));
            assertTrue(rest.stream().noneMatch(event -> event.data().contains("they owe us money")));
        }
        var page = ann.get("/support/" + conversation);
        assertEquals(200, page.status(), page.describe());
        assertTrue(page.text().contains("We corrected the invoice"));
        assertFalse(page.body().contains("they owe us money"), "Not in the page, not even hidden");
        assertFalse(ann.get("/support").body().contains("they owe us money"), "Nor as the list's preview");

        try (var staffOnly = EventStream.open(app, ann, "topic=" + Topics.supportStaff(conversation))) {
            assertEquals(403, staffOnly.status(), "The staff's topic of their own conversation is not the member's");
        }
    }

    @Test
    void anEmptyOrTooLongReplyIsRefusedAndWhatWasTypedStays() {
        var empty = sam.session().post(path(conversation) + "/messages", form("body", "   ", "kind", "agent"));
        assertEquals(422, empty.status());
        assertNotNull(empty.fieldError("body"));
        var text = "x".repeat(10_001);
        var tooLong = sam.session().post(path(conversation) + "/messages", form("body", text, "kind", "agent"));
        assertEquals(422, tooLong.status());
        assertEquals(text, tooLong.inputValue("body"));
        assertNotNull(tooLong.document().selectFirst("input[name=kind][value=agent][checked]"), "still a reply");
        var longNote = sam.session().post(path(conversation) + "/messages", form("body", text, "kind", "note"));
        assertEquals(422, longNote.status());
        assertNotNull(longNote.document().selectFirst("input[name=kind][value=note][checked]"), "still a note");
        assertNull(longNote.document().selectFirst("input[name=kind][value=agent][checked]"));
        assertEquals(1L, app.queryOne(Long.class, "select count(*) from support_messages where conversation_id = ?", conversation));
    }

    @Test
    void openingTheConversationMarksItReadAndTheMembersReadShowsSeen() {
        assertEquals(0L, app.queryOne(Long.class, "select agent_read_through from support_conversations where id = ?", conversation));
        sam.session().get(path(conversation));
        var newest = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ?", conversation);
        assertEquals(newest, app.queryOne(Long.class, "select agent_read_through from support_conversations where id = ?", conversation));

        sam.session().post(path(conversation) + "/messages", form("body", "Fixed", "kind", "agent"));
        var reply = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ?", conversation);
        assertFalse(sam.session().get(path(conversation)).document().select("#support-message-" + reply).text().contains("Seen"));
        app.jdbi().useHandle(handle -> handle.attach(SupportConversations.class).userRead(conversation, reply));
        assertTrue(sam.session().get(path(conversation)).document().select("#support-message-" + reply).text().contains("Seen"));
    }

    @Test
    void assignToMeToAnotherAgentAndToNobodyButNeverToAMember() {
        assertEquals(303, sam.session().post(path(conversation) + "/assignee", form("assignee", "me")).status());
        assertEquals(sam.id(), assignee());
        assertEquals(303, sam.session().post(path(conversation) + "/assignee", form("assignee", String.valueOf(ada.id()))).status());
        assertEquals(ada.id(), assignee());
        var member = sam.session().post(path(conversation) + "/assignee", form("assignee", String.valueOf(acme.bob().id())));
        assertEquals(400, member.status());
        assertEquals(ada.id(), assignee());
        assertEquals(303, sam.session().post(path(conversation) + "/assignee", form("assignee", "none")).status());
        assertNull(assignee());
        assertEquals(List.of("Assigned to Sam Agent", "Assigned to Ada Admin", "Assigned to nobody"), app.queryList(String.class,
                "select detail from support_log where conversation_id = ? order by id", conversation));
    }

    @Test
    void statusAndPriorityChangeAndAreLogged() {
        assertEquals(303, sam.session().post(path(conversation) + "/status", form("status", "closed")).status());
        assertEquals("closed", column("status"));
        assertNotNull(column("closed_at"));
        assertEquals(303, sam.session().post(path(conversation) + "/priority", form("priority", "urgent")).status());
        assertEquals("urgent", column("priority"));
        assertEquals(400, sam.session().post(path(conversation) + "/status", form("status", "gone")).status());
        assertEquals(List.of("Status Open → Closed", "Priority Normal → Urgent"), app.queryList(String.class,
                "select detail from support_log where conversation_id = ? order by id", conversation));
    }

    @Test
    void tagsAreAddedAndRemovedAndMustBeWellFormed() {
        assertEquals(303, sam.session().post(path(conversation) + "/tags", form("tag", " Billing ")).status());
        assertEquals(303, sam.session().post(path(conversation) + "/tags", form("tag", "refund-2026")).status());
        assertEquals(422, sam.session().post(path(conversation) + "/tags", form("tag", "no spaces")).status());
        assertEquals(List.of("billing", "refund-2026"), tags());
        assertEquals(303, sam.session().post(path(conversation) + "/tags/billing/deletion").status());
        assertEquals(List.of("refund-2026"), tags());
    }

    @Test
    void archivedConversationsLeaveTheQueueAndComeBack() {
        assertEquals(303, sam.session().post(path(conversation) + "/archival").status());
        assertNotNull(column("archived_at"));
        assertEquals(List.of(), Lists.rowIds(sam.session().get("/admin/support"), "support-conversation"));
        assertTrue(sam.session().get(path(conversation)).text().contains("Archived"));
        assertEquals(303, sam.session().post(path(conversation) + "/restoration").status());
        assertNull(column("archived_at"));
        assertEquals(List.of(conversation), Lists.rowIds(sam.session().get("/admin/support"), "support-conversation"));
        assertEquals(List.of("archived", "restored"), app.queryList(String.class,
                "select action from support_log where conversation_id = ? order by id", conversation));
    }

    @Test
    void aMembersMessageBringsAnArchivedConversationBackToTheQueueReopenedButTheTeamsOwnMessagesDoNot() {
        assertEquals(303, sam.session().post(path(conversation) + "/status", form("status", "closed")).status());
        assertEquals(303, sam.session().post(path(conversation) + "/archival").status());
        assertEquals(303, sam.session().post(path(conversation) + "/messages", form("body", "Filed away", "kind", "note")).status());
        assertEquals(303, sam.session().post(path(conversation) + "/messages", form("body", "For the record", "kind", "agent")).status());
        assertNotNull(column("archived_at"), "The team's own note and reply leave it in the archive");

        var ann = acme.ann().session();
        ann.get("/support/" + conversation);
        var sent = ann.post("/support/" + conversation + "/messages", form("body", "It happened again"));
        assertEquals(303, sent.status(), sent.describe());
        assertNull(column("archived_at"));
        assertEquals("open", column("status"));
        assertEquals(List.of(conversation), Lists.rowIds(sam.session().get("/admin/support"), "support-conversation"),
                "Back in the default queue");
        assertEquals(1, app.jdbi().withHandle(handle -> SupportStats.load(handle, java.time.Clock.systemUTC())).open(),
                "And counted as open");
    }

    @Test
    void cannedRepliesAreManagedAndInsertedWithTheirVariablesFilledIn() {
        var created = sam.session().post("/admin/support/replies", form("title", "Greeting",
                "body", "Hi {{user.name}} of {{org.name}}, we wrote to {{ user.email }}. {{agent.name}}, {{unknown.thing}}"));
        assertEquals(303, created.status(), created.describe());
        var id = app.queryOne(Long.class, "select id from canned_replies where title = 'Greeting'");
        var duplicate = sam.session().post("/admin/support/replies", form("title", "Greeting", "body", "again"));
        assertEquals(422, duplicate.status());
        assertNotNull(duplicate.fieldError("title"));
        assertTrue(sam.session().get("/admin/support/replies").text().contains("Greeting"));

        var filled = "Hi Ann Owner of Acme, we wrote to ann@acme.test. Sam Agent, {{unknown.thing}}";
        var page = sam.session().get(path(conversation));
        assertEquals(filled, page.document().selectFirst("option[value=" + id + "]").attr("data-text"));
        assertEquals(filled, sam.session().get(path(conversation) + "?reply=" + id).inputValue("body"),
                "Without script, Insert puts the reply into the box");

        assertEquals(303, sam.session().post("/admin/support/replies/" + id, form("title", "Hello", "body", "Hello {{user.name}}")).status());
        assertEquals("Hello Ann Owner", sam.session().get(path(conversation) + "?reply=" + id).inputValue("body"));
        assertEquals(303, sam.session().post("/admin/support/replies/" + id + "/deletion").status());
        assertEquals(0L, app.count("canned_replies"));
    }

    @Test
    void bulkAssignCloseAndTagChangeTheSelectionInOneGo() {
        var second = open(app, acme.org(), acme.bob(), "Second", "Another question");
        var ids = List.of(String.valueOf(conversation), String.valueOf(second));
        assertEquals(303, bulk("assign", "to_assignee", "me", ids).status());
        assertEquals(sam.id(), assignee());
        assertEquals(303, bulk("tag", "to_tag", "vip", ids).status());
        assertEquals(2L, app.queryOne(Long.class, "select count(*) from support_tags where tag = 'vip'"));
        var closed = bulk("close", "to_tag", "", ids);
        assertEquals(303, closed.status());
        assertTrue(sam.session().follow(closed).text().contains("2 of 2 conversations changed"));
        assertEquals(2L, app.queryOne(Long.class, "select count(*) from support_conversations where status = 'closed'"));
        assertEquals(6L, app.queryOne(Long.class, "select count(*) from support_log where detail like '%(bulk)'"));
    }

    @Test
    void bulkRefusesGoneOrMergedConversationsAndTooManyAndChangesNothing() {
        var second = open(app, acme.org(), acme.bob(), "Second", "Another question");
        var gone = bulk("close", "to_tag", "", List.of(String.valueOf(conversation), "999999"));
        assertEquals(409, gone.status());
        assertTrue(gone.text().contains("#999999 no longer exists"), gone.text());
        app.update("update support_conversations set merged_into = ? where id = ?", conversation, second);
        var merged = bulk("close", "to_tag", "", List.of(String.valueOf(conversation), String.valueOf(second)));
        assertEquals(409, merged.status());
        assertTrue(merged.text().contains("#" + second + " was merged"), merged.text());
        var many = new ArrayList<String>();
        for (var i = 1; i <= 101; i++) {
            many.add(String.valueOf(i));
        }
        assertEquals(413, bulk("close", "to_tag", "", many).status());
        assertEquals(0L, app.queryOne(Long.class, "select count(*) from support_conversations where status = 'closed'"));
        assertEquals(0L, app.count("support_log"));
    }

    @Test
    void aMergedConversationCannotBeChanged() {
        var kept = open(app, acme.org(), acme.ann(), "Kept", "Kept one");
        app.update("update support_conversations set merged_into = ? where id = ?", kept, conversation);
        var reply = sam.session().post(path(conversation) + "/messages", form("body", "Hello", "kind", "agent"));
        assertEquals(409, reply.status());
        var page = sam.session().get(path(conversation));
        assertNotNull(page.document().selectFirst("#merged-notice a[href=/admin/support/" + kept + "]"));
        assertNull(page.document().selectFirst("#composer"));
    }

    private hearth.testing.Response bulk(String action, String field, String value, List<String> ids) {
        var all = new ArrayList<>(fields("action", action, field, value, "back", "/admin/support"));
        ids.forEach(id -> all.addAll(fields("ids", id)));
        return sam.session().post("/admin/support/bulk", all);
    }

    private String column(String name) {
        return app.queryOne(String.class, "select " + name + "::text from support_conversations where id = ?", conversation);
    }

    private Long assignee() {
        return app.queryOptional(Long.class, "select assignee_id from support_conversations where id = ? and assignee_id is not null",
                conversation).orElse(null);
    }

    private List<String> tags() {
        return app.queryList(String.class, "select tag from support_tags where conversation_id = ? order by tag", conversation);
    }
}
