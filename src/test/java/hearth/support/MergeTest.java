package hearth.support;

import static hearth.support.SupportDesk.open;
import static hearth.support.SupportDesk.path;
import static hearth.support.SupportDesk.memberWrites;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Merging duplicates: preview, then everything moves over in order, in one transaction, logged. */
class MergeTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person sam;
    Acme acme;
    long kept;
    long duplicate;

    @BeforeEach
    void twoConversationsOfOneMember() {
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
        kept = open(app, acme.org(), acme.ann(), "Invoice is wrong", "First about the invoice");
        duplicate = open(app, acme.org(), acme.ann(), "Invoice wrong (again)", "Second, a duplicate");
        memberWrites(app, kept, acme.ann(), "Third, back in the first");
        sam.session().post(path(duplicate) + "/messages", form("body", "Note on the duplicate", "kind", "note"));
        sam.session().post(path(duplicate) + "/messages", form("body", "Reply in the duplicate", "kind", "agent"));
        memberWrites(app, duplicate, acme.ann(), "Fourth, in the duplicate");
        sam.session().post(path(duplicate) + "/tags", form("tag", "billing"));
        sam.session().post(path(duplicate) + "/tags", form("tag", "vip"));
        sam.session().post(path(kept) + "/tags", form("tag", "billing"));
        var message = app.queryOne(Long.class, "select max(id) from support_messages where conversation_id = ? and kind = 'user'", duplicate);
        app.update("""
                insert into support_attachments (conversation_id, message_id, org_id, filename, content_type, size, data)
                values (?, ?, ?, 'invoice.pdf', 'application/pdf', 3, '\\x255044'::bytea)
                """, duplicate, message, acme.org().id());
    }

    @Test
    void theKeptConversationIsFoundByTheWordsOfTheMessagesItTookOver() {
        var response = sam.session().post(path(duplicate) + "/merge", form("other", String.valueOf(kept), "keep", "other"));
        assertEquals(303, response.status(), response.describe());
        var found = sam.session().get("/admin/support?q=fourth+third");
        assertEquals(List.of(kept), hearth.testing.Lists.rowIds(found, "support-conversation"),
                "Words of both threads, now in one conversation");
        assertEquals(List.of(), hearth.testing.Lists.rowIds(sam.session().get("/admin/support?q=fourth&show=merged"),
                "support-conversation").stream().filter(id -> id == duplicate).toList(), "The merged-away one has no messages left");
    }

    @Test
    void thePreviewSaysWhatWillMoveAndChangesNothing() {
        var before = DbSnapshot.take(app);
        var preview = sam.session().get(path(duplicate) + "/merge?other=" + kept + "&keep=other");
        assertEquals(200, preview.status(), preview.describe());
        var text = preview.document().getElementById("merge-preview").text();
        assertTrue(text.contains("Merge #" + duplicate + " into #" + kept), text);
        assertTrue(text.contains("3 messages"), text);
        assertTrue(text.contains("1 internal note"), text);
        assertTrue(text.contains("1 attachment"), text);
        assertTrue(text.contains("tags: vip"), text);
        before.assertUnchangedIn(DbSnapshot.take(app), "A merge preview");
        assertTrue(sam.session().get(path(duplicate) + "/merge").text().contains("#" + kept + " Invoice is wrong"),
                "The member's other conversations are offered");
    }

    @Test
    void mergingMovesMessagesNotesAttachmentsAndTagsInOrder() {
        var order = app.queryList(Long.class, "select id from support_messages where conversation_id in (?, ?) order by id", kept, duplicate);
        var response = sam.session().post(path(duplicate) + "/merge", form("other", String.valueOf(kept), "keep", "other"));
        assertEquals(303, response.status(), response.describe());
        assertEquals(path(kept), response.location());

        var bodies = app.queryList(String.class, "select body from support_messages where conversation_id = ? order by id", kept);
        assertEquals(List.of("First about the invoice", "Second, a duplicate", "Third, back in the first",
                "Note on the duplicate", "Reply in the duplicate", "Fourth, in the duplicate",
                "“Invoice wrong (again)” (#" + duplicate + ") was merged into this conversation."), bodies);
        assertEquals(order, app.queryList(Long.class,
                "select id from support_messages where conversation_id = ? and kind <> 'system' order by id", kept),
                "Every message keeps its id, so the thread keeps the order they were written in");
        assertEquals(0L, app.queryOne(Long.class, "select count(*) from support_messages where conversation_id = ?", duplicate));
        assertEquals(1L, app.queryOne(Long.class, "select count(*) from support_attachments where conversation_id = ?", kept));
        assertEquals(List.of("billing", "vip"), app.queryList(String.class,
                "select tag from support_tags where conversation_id = ? order by tag", kept));
        assertEquals(0L, app.queryOne(Long.class, "select count(*) from support_tags where conversation_id = ?", duplicate));
        assertEquals(6, app.queryOne(Integer.class, "select message_count from support_conversations where id = ?", kept),
                "Five messages the member sees and the system message; the note does not count");
        assertNotNull(app.queryOne(String.class, "select first_response_at::text from support_conversations where id = ?", kept));

        assertEquals(kept, app.queryOne(Long.class, "select merged_into from support_conversations where id = ?", duplicate));
        assertEquals("closed", app.queryOne(String.class, "select status from support_conversations where id = ?", duplicate));
        var page = sam.session().get(path(duplicate));
        assertNotNull(page.document().selectFirst("#merged-notice a[href=/admin/support/" + kept + "]"));
        assertEquals(2L, app.queryOne(Long.class, "select count(*) from support_log where action = 'merged'"));
        assertTrue(app.queryOne(String.class, "select detail from support_log where action = 'merged' limit 1")
                .contains("Merged #" + duplicate + " into #" + kept));
    }

    @Test
    void keepingThisOneMergesTheOtherIntoIt() {
        var response = sam.session().post(path(kept) + "/merge", form("other", String.valueOf(duplicate), "keep", "this"));
        assertEquals(303, response.status(), response.describe());
        assertEquals(kept, app.queryOne(Long.class, "select merged_into from support_conversations where id = ?", duplicate));
    }

    @Test
    void anotherMembersConversationIsNeverMergedIn() {
        var bobs = open(app, acme.org(), acme.bob(), "Bob's invoice", "Bob's own words");
        var preview = sam.session().get(path(duplicate) + "/merge?other=" + bobs + "&keep=other");
        assertEquals(422, preview.status());
        assertTrue(preview.text().contains("same member"));
        var before = DbSnapshot.take(app);
        var refused = sam.session().post(path(duplicate) + "/merge", form("other", String.valueOf(bobs), "keep", "other"));
        assertEquals(409, refused.status());
        before.assertUnchangedIn(DbSnapshot.take(app), "A refused merge");
    }

    @Test
    void aConversationMergedAlreadyOrIntoItselfIsRefused() {
        assertEquals(409, sam.session().post(path(kept) + "/merge", form("other", String.valueOf(kept), "keep", "this")).status());
        assertEquals(303, sam.session().post(path(duplicate) + "/merge", form("other", String.valueOf(kept), "keep", "other")).status());
        assertEquals(409, sam.session().post(path(duplicate) + "/merge", form("other", String.valueOf(kept), "keep", "other")).status());
        assertEquals(404, sam.session().post(path(duplicate) + "/merge", form("other", "999999", "keep", "other")).status());
        assertNull(app.queryOne(String.class, "select merged_into::text from support_conversations where id = ?", kept));
    }
    // ---- the member's side of a merged-away conversation

    @Test
    void theMembersPageOfAMergedConversationLinksToTheOneItWasMergedIntoAndHasNoComposer() {
        merge(duplicate, kept);
        var page = acme.ann().session().get("/support/" + duplicate);
        assertEquals(200, page.status(), page.describe());
        var link = page.document().selectFirst("#merged-notice a[href=/support/" + kept + "]");
        assertNotNull(link, page.describe());
        assertTrue(link.text().contains("Invoice is wrong"), link.text());
        assertNull(page.document().selectFirst("#composer"), "No composer in a merged conversation");
        assertNull(page.document().selectFirst("form[action=/support/" + duplicate + "/status]"), "No close or reopen");
        assertNotNull(acme.ann().session().get("/support/" + kept).document().selectFirst("#composer"),
                "The conversation it went to has its composer");
    }

    @Test
    void aMembersMessageOrStatusChangeToAMergedConversationIsRefusedAndNothingIsWritten() {
        merge(duplicate, kept);
        var ann = acme.ann().session();
        ann.get("/support/" + duplicate);
        var before = DbSnapshot.take(app);
        var message = ann.post("/support/" + duplicate + "/messages", form("body", "Anyone there?"));
        assertEquals(409, message.status(), message.describe());
        assertTrue(message.text().contains("merged into “Invoice is wrong”"), message.text());
        var htmx = ann.htmxPost("/support/" + duplicate + "/messages", form("body", "Anyone there?"));
        assertEquals(409, htmx.status(), htmx.describe());
        assertTrue(htmx.text().contains("merged into"), htmx.text());
        var reopen = ann.post("/support/" + duplicate + "/status", form("status", "open"));
        assertEquals(409, reopen.status(), reopen.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Posts to a merged conversation");
    }

    private void merge(long duplicateId, long keptId) {
        var response = sam.session().post(path(duplicateId) + "/merge", form("other", String.valueOf(keptId), "keep", "other"));
        assertEquals(303, response.status(), response.describe());
    }
}
