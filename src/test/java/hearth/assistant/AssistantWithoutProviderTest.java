package hearth.assistant;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hearth without any AI provider: the assistant says what to set, refuses to ask, and everything else works. */
class AssistantWithoutProviderTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    @Test
    void theAssistantPageSaysWhichVariableToSet() {
        var acme = Fixtures.acme(app);
        var page = acme.ann().session().get(acme.org().path() + "/assistant");
        assertEquals(200, page.status(), page.describe());
        var notice = page.document().getElementById("assistant-no-provider");
        assertTrue(notice != null && notice.text().contains("GROQ_API_KEY"), page.describe());
        assertTrue(page.document().selectFirst("#composer button[type=submit]").hasAttr("disabled"), page.describe());
        // The Free plan's models are listed as needing the key; the others as coming with a higher plan.
        var options = page.document().select("#field-model option");
        assertTrue(options.stream().anyMatch(o -> o.text().equals("Llama 3.1 8B Instant · needs GROQ_API_KEY")), options.toString());
        assertTrue(options.stream().anyMatch(o -> o.text().equals("GPT-4 Turbo · comes with Pro")), options.toString());
    }

    @Test
    void askingAnywayIsRefusedNextToTheModelWithTheQuestionKeptAndNothingWritten() {
        var acme = Fixtures.acme(app);
        var modelId = app.queryOne(Long.class, "select id from ai_models where model_id = 'llama-3.1-8b-instant'");
        var before = DbSnapshot.take(app);
        var response = acme.ann().session().post(acme.org().path() + "/assistant",
                form("content", "What is <b>Hearth</b>?", "model", String.valueOf(modelId), "temperature", "0.7"));
        assertEquals(422, response.status(), response.describe());
        assertEquals("Llama 3.1 8B Instant needs GROQ_API_KEY to be set on the server.", response.fieldError("model"));
        assertEquals("What is <b>Hearth</b>?", response.document().getElementById("field-content").text());
        before.assertUnchangedIn(DbSnapshot.take(app), "a refused question");
    }

    @Test
    void aMemberCannotOpenAnotherMembersConversationNorFollowIt() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        var path = acme.org().path() + "/assistant/" + records.conversationId();
        assertEquals(200, acme.ann().session().get(path).status());
        var bob = acme.bob().session();
        assertEquals(404, bob.get(path).status());
        assertEquals(404, bob.get(path + "/messages/" + records.messageId()).status());
        assertEquals(404, bob.post(path + "/deletion", form()).status());
        var before = DbSnapshot.take(app);
        var question = bob.post(path + "/messages", form("content", "What did Ann ask?", "temperature", "0.7"));
        assertEquals(404, question.status(), question.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "a question in another member's conversation");
        assertFalse(bob.get(acme.org().path() + "/assistant").body().contains("Fixture conversation"));
        var stream = bob.get("/live?topic=org:" + acme.org().id() + ":conversation:" + records.conversationId(),
                java.util.Map.of("Accept", "text/event-stream"));
        assertEquals(403, stream.status(), stream.describe());
        var list = bob.get("/live?topic=org:" + acme.org().id() + ":assistant:" + acme.ann().id(),
                java.util.Map.of("Accept", "text/event-stream"));
        assertEquals(403, list.status(), list.describe());
        assertEquals(1, app.queryOne(Integer.class, "select count(*) from assistant_conversations where id = ?", records.conversationId()));
    }

    @Test
    void theConversationShowsItsMessagesAsMarkdownSafely() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        app.update("update assistant_messages set content = ? where id = ?",
                "**Bold** and <script>alert(1)</script> [x](javascript:alert(1))", records.messageId());
        var page = acme.ann().session().get(acme.org().path() + "/assistant/" + records.conversationId());
        var answer = page.document().getElementById("message-" + records.messageId());
        assertTrue(answer.select("script").isEmpty(), answer.outerHtml());
        assertTrue(answer.select("a[href^=javascript]").isEmpty(), answer.outerHtml());
        assertTrue(answer.text().contains("Groq · Llama 3.1 8B Instant"), answer.outerHtml());
    }

    @Test
    void theUsagePageShowsWhatRemainsAndOnlyAdminsSeeTheWholeOrg() {
        var acme = Fixtures.acme(app);
        var mine = acme.bob().session().get(acme.org().path() + "/assistant/usage");
        assertEquals(200, mine.status(), mine.describe());
        assertTrue(mine.document().select("#quota-table tr[data-period=hour]").text().contains("10 of 10 left"), mine.describe());
        assertEquals(403, acme.bob().session().get(acme.org().path() + "/assistant/usage?scope=org").status());
        var org = acme.ann().session().get(acme.org().path() + "/assistant/usage?scope=org");
        assertEquals(200, org.status(), org.describe());
        assertTrue(org.document().select("#quota-table tr[data-period=day]").text().contains("200 of 200 left"), org.describe());
    }

    @Test
    void anOwnerNamesTheAssistantAndEveryConversationShowsTheName() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        assertEquals(403, acme.bob().session().post(acme.org().path() + "/settings/assistant", form("assistant_name", "Mallory")).status());
        var tooLong = acme.ann().session().post(acme.org().path() + "/settings/assistant", form("assistant_name", "x".repeat(61)));
        assertEquals(422, tooLong.status(), tooLong.describe());
        assertEquals("x".repeat(61), tooLong.inputValue("assistant_name"));

        assertEquals(303, acme.ann().session().post(acme.org().path() + "/settings/assistant", form("assistant_name", "Ember")).status());
        var page = acme.ann().session().get(acme.org().path() + "/assistant/" + records.conversationId());
        assertEquals("Ember", page.document().selectFirst("#message-" + records.messageId() + " .message-speaker").text());
        assertEquals("Ask Ember…", page.document().getElementById("field-content").attr("placeholder"));
        assertEquals("Ember", acme.ann().session().get(acme.org().path() + "/settings").inputValue("assistant_name"));

        assertEquals(303, acme.ann().session().post(acme.org().path() + "/settings/assistant", form("assistant_name", " ")).status());
        page = acme.ann().session().get(acme.org().path() + "/assistant/" + records.conversationId());
        assertEquals("Hearth Assistant", page.document().selectFirst("#message-" + records.messageId() + " .message-speaker").text());
    }

    @Test
    void searchFindsConversationsByTitleAndByTheWordsOfTheirMessages() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        var ann = acme.ann().session();
        var byTitle = ann.get(acme.org().path() + "/assistant?q=fixture+conv");
        assertTrue(byTitle.document().getElementById("conversation-" + records.conversationId()) != null, byTitle.describe());
        var byMessage = ann.get(acme.org().path() + "/assistant?q=questi");
        assertTrue(byMessage.document().getElementById("conversation-" + records.conversationId()) != null, byMessage.describe());
        var none = ann.get(acme.org().path() + "/assistant?q=%25zebra_");
        assertTrue(none.document().getElementById("conversation-" + records.conversationId()) == null, none.describe());
        assertTrue(none.document().selectFirst("#conversations .empty-note").text().contains("%zebra_"), none.describe());
    }

    @Test
    void anAnswerBeingWrittenIsFoundBySearchOnceItEnds() {
        var acme = Fixtures.acme(app);
        var conversation = app.queryOne(Long.class, """
                insert into assistant_conversations (org_id, user_id, title) values (?, ?, 'Lamp oil') returning id
                """, acme.org().id(), acme.ann().id());
        var answer = app.queryOne(Long.class, """
                insert into assistant_messages (org_id, conversation_id, role, content, status)
                values (?, ?, 'assistant', 'Trim the wickfaerie first', 'streaming') returning id
                """, acme.org().id(), conversation);
        var path = acme.org().path() + "/assistant?q=wickfaerie";
        var whileWritten = acme.ann().session().get(path);
        assertTrue(whileWritten.document().getElementById("conversation-" + conversation) == null, whileWritten.describe());

        app.update("update assistant_messages set status = 'done', content = content || ', then light it' where id = ?", answer);
        var ended = acme.ann().session().get(path);
        assertTrue(ended.document().getElementById("conversation-" + conversation) != null, ended.describe());
        var stoppedWord = acme.ann().session().get(acme.org().path() + "/assistant?q=light");
        assertTrue(stoppedWord.document().getElementById("conversation-" + conversation) != null, stoppedWord.describe());
    }

    @Test
    void talkingToAPersonHandsTheConversationToSupportTriagedByTheRules() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        var conversation = app.queryOne(Long.class, """
                insert into assistant_conversations (org_id, user_id, title) values (?, ?, 'Double charge') returning id
                """, acme.org().id(), acme.ann().id());
        app.update("insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'user', ?)",
                acme.org().id(), conversation, "I was charged twice this month, I need a refund urgently");
        var path = acme.org().path() + "/assistant/" + conversation;
        var page = acme.ann().session().get(path);
        assertTrue(page.document().getElementById("suggest-person") != null, page.describe());
        assertEquals(404, acme.bob().session().post(path + "/handoff", form()).status());

        var handedOff = acme.ann().session().post(path + "/handoff", form());
        assertEquals(303, handedOff.status(), handedOff.describe());
        var supportId = Long.parseLong(handedOff.location().replace("/support/", ""));
        assertEquals("billing|urgent|Double charge|" + conversation + "|" + acme.ann().id(), app.queryOne(String.class, """
                select category || '|' || priority || '|' || subject || '|' || assistant_conversation_id || '|' || user_id
                from support_conversations where id = ?
                """, supportId));
        assertTrue(app.queryOne(String.class, "select handoff_summary from support_conversations where id = ?", supportId)
                .contains("I was charged twice"));
        assertEquals("system", app.queryOne(String.class, "select kind from support_messages where conversation_id = ?", supportId));
        var marker = acme.ann().session().get(path).document().selectFirst(".message-system");
        assertTrue(marker.text().contains("support conversation #" + supportId), marker.outerHtml());
        assertEquals("/support/" + supportId, marker.selectFirst("a").attr("href"));
        var landed = acme.ann().session().get("/support/" + supportId);
        assertEquals(200, landed.status(), landed.describe());
        assertTrue(landed.text().contains("Handed over from the assistant conversation"), landed.describe());
        var console = Fixtures.admin(app).session().get("/admin/support/" + supportId);
        assertEquals(200, console.status(), console.describe());
        var transcript = console.document().getElementById("handoff-transcript");
        assertTrue(transcript != null && transcript.text().contains("I was charged twice"), console.describe());
        assertTrue(console.document().selectFirst(".handoff").text().contains("billing"), console.describe());
        // Hearth's own line never goes to the model, and a regenerate skips it.
        assertEquals(0, app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ?", conversation));
        assertFalse(acme.ann().session().get(acme.org().path() + "/assistant/" + records.conversationId()).body().contains("suggest-person"));
    }
    @Test
    void theHandedOverTranscriptStaysWithSupportAfterTheMemberDeletesTheAssistantConversation() {
        var acme = Fixtures.acme(app);
        var conversation = app.queryOne(Long.class, """
                insert into assistant_conversations (org_id, user_id, title) values (?, ?, 'Lost export') returning id
                """, acme.org().id(), acme.ann().id());
        app.update("insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'user', ?)",
                acme.org().id(), conversation, "My CSV export of March is empty");
        app.update("insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'assistant', ?)",
                acme.org().id(), conversation, "Try exporting again with the date filter cleared");
        var path = acme.org().path() + "/assistant/" + conversation;
        var handedOff = acme.ann().session().post(path + "/handoff", form());
        assertEquals(303, handedOff.status(), handedOff.describe());
        var supportId = Long.parseLong(handedOff.location().replace("/support/", ""));
        app.update("insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'user', ?)",
                acme.org().id(), conversation, "Written after the hand-off");

        assertEquals(303, acme.ann().session().post(path + "/deletion", form()).status());
        assertEquals(0, app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ?", conversation));
        var console = Fixtures.admin(app).session().get("/admin/support/" + supportId);
        var transcript = console.document().getElementById("handoff-transcript");
        assertTrue(transcript != null, console.describe());
        assertEquals("The assistant conversation (2 messages)", transcript.selectFirst("summary").text());
        assertEquals(java.util.List.of("Ann Owner", "Hearth Assistant"), transcript.select(".message-speaker").eachText());
        var text = transcript.text();
        assertTrue(text.contains("My CSV export of March is empty") && text.contains("date filter cleared"), text);
        assertFalse(text.contains("after the hand-off"), "The copy is the conversation as it was handed over");
    }
}
