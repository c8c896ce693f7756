package hearth.assistant;

import static hearth.testing.Eventually.waitFor;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.FakeProvider;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.testing.ChildApp;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What survives failures: the text saved as it grows, answers of a dead node, a model that keeps failing. */
class AssistantRecoveryTest {
    static final FakeProvider groq = FakeProvider.groq();

    @RegisterExtension
    static TestApp app = AssistantStreamingTest.withProvider(TestApp.withFreshDataForEachTest(), groq)
            .withConfig("LIVE_HEARTBEAT_SECONDS", "1").withConfig("AI_RETRY_ATTEMPTS", "2");

    @AfterAll
    static void closeFake() {
        groq.close();
    }

    @Test
    void thePartialAnswerIsSavedWithinASecondWhileItIsWritten() {
        var acme = Fixtures.acme(app);
        groq.enqueue(Script.stream().tokens("Saved", " so", " far").pause(Duration.ofSeconds(3)).tokens(" and more").finish());
        var conversation = ask(acme, "Long answer");
        var started = System.nanoTime();
        waitFor(() -> "Saved so far".equals(app.queryOne(String.class,
                "select content from assistant_messages where conversation_id = ? and role = 'assistant'", conversation)));
        assertTrue(System.nanoTime() - started < Duration.ofMillis(1500).toNanos());
        assertEquals("streaming", app.queryOne(String.class,
                "select status from assistant_messages where conversation_id = ? and role = 'assistant'", conversation));
    }

    @Test
    void anAnswerWhoseServerDiedEndsAsInterruptedWithItsSavedText() {
        var acme = Fixtures.acme(app);
        var records = Fixtures.workspace(app, acme.org(), acme.ann());
        var dead = UUID.randomUUID();
        var id = app.queryOne(Long.class, """
                insert into assistant_messages (org_id, conversation_id, role, status, content, node_id, model, provider)
                values (?, ?, 'assistant', 'streaming', 'Half an ans', ?, 'llama-3.1-8b-instant', 'groq') returning id
                """, acme.org().id(), records.conversationId(), dead);
        waitFor(() -> "error".equals(app.queryOne(String.class, "select status from assistant_messages where id = ?", id)));
        assertEquals("Half an ans", app.queryOne(String.class, "select content from assistant_messages where id = ?", id));
        assertTrue(app.queryOne(String.class, "select error from assistant_messages where id = ?", id).startsWith("Interrupted"));
    }

    @Test
    void anAnswerCutOffByAKilledServerIsGivenBackToTheQuotaAndRecordedAsAFailedRequest() {
        var acme = Fixtures.acme(app);
        groq.enqueue(Script.stream().tokens("Half", " an", " answer").pause(Duration.ofSeconds(60)).tokens(" never sent").finish());
        var settings = new HashMap<>(groq.env());
        settings.put("LIVE_HEARTBEAT_SECONDS", "1");
        settings.put("AI_SILENCE_TIMEOUT_SECONDS", "120");
        long conversation;
        try (var node = ChildApp.start(app.jdbcUrl(), settings)) {
            var annOnNode = new HttpSession(node.baseUrl());
            annOnNode.setCookie(HttpSession.SESSION_COOKIE, acme.ann().session().sessionCookie());
            conversation = ask(annOnNode, acme, "Tell me everything");
            waitFor(() -> "Half an answer".equals(app.queryOne(String.class,
                    "select content from assistant_messages where conversation_id = ? and role = 'assistant'", conversation)));
            assertEquals("9 of 10 left", hourQuota(acme), "while it is written, the request counts");
            node.kill();
        }
        waitFor(() -> "error".equals(app.queryOne(String.class,
                "select status from assistant_messages where conversation_id = ? and role = 'assistant'", conversation)));

        assertEquals("10 of 10 left", hourQuota(acme), "a failed request does not count");
        assertEquals("error|Interrupted: the server writing this answer stopped.|" + acme.ann().id()
                + "|llama-3.1-8b-instant|groq|0|4|true|0.00000032", app.queryOne(String.class, """
                select status || '|' || error || '|' || user_id || '|' || model || '|' || provider || '|' || input_tokens
                       || '|' || output_tokens || '|' || estimated || '|' || cost
                from ai_requests where org_id = ? and conversation_id = ? and purpose = 'chat'
                """, acme.org().id(), conversation), "recorded with the tokens written before the crash, estimated");
        var usage = acme.ann().session().get(acme.org().path() + "/assistant/usage").document();
        assertEquals("1", usage.getElementById("total-failed").text(), "the usage page counts it as failed");
    }

    @Test
    void byDefaultAModelThatKeepsFailingBeforeItAnswersFailsAndNoOtherModelIsAsked() {
        var acme = Fixtures.acme(app);
        var before = groq.requests().size();
        groq.enqueue(Script.status(500), Script.status(500));
        var conversation = ask(acme, "Anyone there?");
        waitFor(() -> "error".equals(app.queryOne(String.class,
                "select status from assistant_messages where conversation_id = ? and role = 'assistant'", conversation)));
        var requests = groq.requests().subList(before, groq.requests().size());
        assertEquals(List.of("llama-3.1-8b-instant", "llama-3.1-8b-instant"),
                requests.stream().map(r -> r.json().path("model").asText()).toList(), "tried again, never another model");
        assertEquals("llama-3.1-8b-instant|Llama 3.1 8B Instant", app.queryOne(String.class, """
                select model || '|' || model_name from assistant_messages where conversation_id = ? and role = 'assistant'
                """, conversation));
        assertEquals("error|llama-3.1-8b-instant", app.queryOne(String.class,
                "select status || '|' || model from ai_requests where conversation_id = ? and purpose = 'chat'", conversation));
        assertEquals("10 of 10 left", hourQuota(acme), "a failed request does not count");
    }

    @Test
    void anOrgThatAllowsItFallsBackToAnotherModelOfTheClassAndTheAnswerSaysWhichModelWroteIt() {
        var acme = Fixtures.acme(app);
        var bob = acme.bob().session();
        assertEquals(403, bob.post(acme.org().path() + "/settings/assistant", form("assistant_name", "", "fallback", "on")).status(),
                "a member does not decide it");
        var settings = acme.ann().session().get(acme.org().path() + "/settings");
        assertFalse(settings.document().selectFirst("input[name=fallback]").hasAttr("checked"), "off until an owner or admin turns it on");
        var saved = acme.ann().session().post(acme.org().path() + "/settings/assistant", form("assistant_name", "", "fallback", "on"));
        assertEquals(303, saved.status(), saved.describe());
        settings = acme.ann().session().get(acme.org().path() + "/settings");
        assertTrue(settings.document().selectFirst("input[name=fallback]").hasAttr("checked"), settings.describe());

        var before = groq.requests().size();
        groq.enqueue(Script.status(500), Script.status(500), Script.answer("From", " Mixtral"));
        var conversation = ask(acme, "Anyone there?");
        waitFor(() -> "done".equals(app.queryOne(String.class,
                "select status from assistant_messages where conversation_id = ? and role = 'assistant'", conversation)));
        var requests = groq.requests().subList(before, before + 3);
        assertEquals(List.of("llama-3.1-8b-instant", "llama-3.1-8b-instant", "mixtral-8x7b-32768"),
                requests.stream().map(r -> r.json().path("model").asText()).toList());
        assertEquals("From Mixtral|mixtral-8x7b-32768|Mixtral 8x7B", app.queryOne(String.class, """
                select content || '|' || model || '|' || model_name from assistant_messages
                where conversation_id = ? and role = 'assistant'
                """, conversation));
        assertEquals("mixtral-8x7b-32768", app.queryOne(String.class,
                "select model from ai_requests where conversation_id = ? and purpose = 'chat'", conversation));
        var page = acme.ann().session().get(acme.org().path() + "/assistant/" + conversation).document();
        assertEquals("Groq · Mixtral 8x7B", page.select(".message .provider-badge").last().text(), "the answer names the model that wrote it");
    }

    private static long ask(Fixtures.Acme acme, String question) {
        return ask(acme.ann().session(), acme, question);
    }

    private static long ask(HttpSession session, Fixtures.Acme acme, String question) {
        var modelId = app.queryOne(Long.class, "select id from ai_models where model_id = 'llama-3.1-8b-instant'");
        var response = session.post(acme.org().path() + "/assistant",
                form("content", question, "model", String.valueOf(modelId), "temperature", "0.7"));
        assertEquals(303, response.status(), response.describe());
        var location = response.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** What Ann's usage page says is left of her requests this hour. */
    private static String hourQuota(Fixtures.Acme acme) {
        var page = acme.ann().session().get(acme.org().path() + "/assistant/usage");
        var cell = page.document().select("#quota-table tr[data-period=hour] td").first().text();
        return cell.substring(0, cell.indexOf(" left") + " left".length());
    }
}
