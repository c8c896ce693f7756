package hearth.assistant;

import static hearth.testing.Eventually.waitFor;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.assistant.providers.FakeProvider;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Questions answered by a fake Groq over real HTTP: tokens on the live stream, stop, errors, cache, limits, titles. */
class AssistantStreamingTest {
    static final FakeProvider groq = FakeProvider.groq();

    @RegisterExtension
    static TestApp app = withProvider(TestApp.withFreshDataForEachTest(), groq);

    private static final ObjectMapper json = new ObjectMapper();

    static TestApp withProvider(TestApp app, FakeProvider fake) {
        fake.env().forEach(app::withConfig);
        return app.withConfig("AI_FIRST_TOKEN_TIMEOUT_SECONDS", "5").withConfig("AI_SILENCE_TIMEOUT_SECONDS", "5");
    }

    @AfterAll
    static void closeFake() {
        groq.close();
    }

    @Test
    void tokensStreamIntoTheConversationAndTheFinishedAnswerIsSavedWithItsUsage() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        var conversation = askAndWait(acme, ann, null, "Hello?", "0.7");
        try (var stream = EventStream.open(app, ann, "topic=org:" + acme.org().id() + ":conversation:" + conversation)) {
            stream.await(e -> e.event().equals("hello"), Duration.ofSeconds(15));
            groq.enqueue(Script.answer("Hearth", " is", " a", " **live**", " workspace.").tokenDelay(Duration.ofMillis(20)).usage(42, 5));
            expectRedirect(ask(acme, ann, conversation, "What is Hearth?", "0.7"));

            var tokens = new StringBuilder();
            int expectedOffset = 0;
            while (tokens.length() < "Hearth is a **live** workspace.".length()) {
                var token = stream.await(e -> e.event().equals("token"), Duration.ofSeconds(15));
                var body = read(token.data());
                assertEquals(expectedOffset, body.path("o").asInt(), "offsets run without gaps");
                tokens.append(body.path("t").asText());
                expectedOffset = tokens.length();
            }
            assertEquals("Hearth is a **live** workspace.", tokens.toString());
            var done = stream.await(e -> e.event().equals("fragment") && e.data().contains("data-message-status=\"done\"")
                    && e.data().contains("<strong>live</strong>"), Duration.ofSeconds(15));
            assertNotNull(done);
        }
        var answer = lastAnswer(conversation);
        assertEquals("done", answer.status());
        assertEquals("Hearth is a **live** workspace.", answer.content());
        var usage = app.queryOne(String.class, """
                select input_tokens || '/' || output_tokens || '/' || estimated || '/' || status || '/' || (first_token_ms is not null)
                from ai_requests where conversation_id = ? and purpose = 'chat' order by id desc limit 1
                """, conversation);
        assertEquals("42/5/false/ok/true", usage);
        // 2 chat requests counted this hour; 47 tokens of the second on the day's counter (the first's too).
        assertEquals(2, app.queryOne(Integer.class, "select requests from ai_counters where scope = 'user' and period = 'hour' and scope_id = ?", acme.ann().id()));
        // The request the model saw: the system prompt, the history and the new question.
        var request = groq.requests().get(groq.requests().size() - 1).json();
        var messages = request.path("messages");
        assertEquals("system", messages.get(0).path("role").asText());
        assertEquals("What is Hearth?", messages.get(messages.size() - 1).path("content").asText());
        assertEquals("llama-3.1-8b-instant", request.path("model").asText());
    }

    @Test
    void aRefreshMidAnswerShowsWhatExistsSoFar() throws Exception {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.stream().tokens("One", " two").pause(Duration.ofSeconds(2)).tokens(" three").finish());
        var conversation = conversationOf(ask(acme, ann, null, "Count", "0.7"));
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ? and status = 'streaming'", conversation) == 1);
        Thread.sleep(300);
        var page = ann.get(acme.org().path() + "/assistant/" + conversation);
        var text = page.document().selectFirst("[id$=-text][data-length]");
        assertNotNull(text, page.describe());
        assertEquals("One two", text.text());
        assertEquals("7", text.attr("data-length"));
        waitFor(() -> "done".equals(lastAnswer(conversation).status()));
        assertEquals("One two three", lastAnswer(conversation).content());
    }

    @Test
    void stoppingAnAnswerKeepsWhatWasWrittenAndClosesTheProvidersStream() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.stream().tokens("Once", " upon").pause(Duration.ofSeconds(3)).tokens(" a time").finish());
        var conversation = conversationOf(ask(acme, ann, null, "Tell a story", "0.7"));
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ? and status = 'streaming'", conversation) == 1);
        var answerId = lastAnswer(conversation).id();
        waitFor(() -> ann.get(acme.org().path() + "/assistant/" + conversation + "/messages/" + answerId).body().contains("Once upon"));
        var aborts = groq.clientAborts();
        var started = System.nanoTime();
        expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/messages/" + answerId + "/stop", form()));
        waitFor(() -> "stopped".equals(lastAnswer(conversation).status()));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "stopped at once, not after the pause");
        assertEquals("Once upon", lastAnswer(conversation).content());
        waitFor(() -> groq.clientAborts() > aborts);
        var page = ann.get(acme.org().path() + "/assistant/" + conversation);
        assertTrue(page.document().selectFirst("#message-" + answerId + " .message-note").text().contains("Stopped"), page.describe());
    }

    @Test
    void deletingAConversationMidAnswerEndsItsRequestAsAStopDoesCountedWithItsTokensAndRecorded() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.stream().tokens("Once", " upon").pause(Duration.ofSeconds(3)).tokens(" a time").finish());
        var conversation = conversationOf(ask(acme, ann, null, "Tell a story", "0.7"));
        var answerId = lastAnswer(conversation).id();
        waitFor(() -> ann.get(acme.org().path() + "/assistant/" + conversation + "/messages/" + answerId).body().contains("Once upon"));
        var aborts = groq.clientAborts();
        var started = System.nanoTime();
        expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/deletion", form()));
        expectDeletedAnswerRecordedAsStopped(acme, conversation, started, aborts);
    }

    @Test
    void deletingAConversationOnAnotherNodeStopsTheAnswerWhereItIsWrittenAndRecordsItAsStopped() {
        var acme = Fixtures.acme(app);
        try (var other = app.anotherNode()) {
            var annOnOther = new HttpSession("http://localhost:" + other.port());
            annOnOther.setCookie(HttpSession.SESSION_COOKIE, acme.ann().session().sessionCookie());
            groq.enqueue(Script.stream().tokens("Once", " upon").pause(Duration.ofSeconds(3)).tokens(" a time").finish());
            var conversation = conversationOf(ask(acme, annOnOther, null, "Tell a story", "0.7"));
            waitFor(() -> "Once upon".equals(lastAnswer(conversation).content()));
            var aborts = groq.clientAborts();
            var started = System.nanoTime();
            expectRedirect(acme.ann().session().post(acme.org().path() + "/assistant/" + conversation + "/deletion", form()));
            expectDeletedAnswerRecordedAsStopped(acme, conversation, started, aborts);
        }
    }

    /** As a stopped answer: the provider's stream closed at once, and the request recorded and counted with its tokens. */
    private static void expectDeletedAnswerRecordedAsStopped(Fixtures.Acme acme, long conversation, long started, int aborts) {
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ?", conversation) == 1);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "stopped at once, not after the pause");
        waitFor(() -> groq.clientAborts() > aborts);
        assertEquals("stopped|chat|" + acme.ann().id() + "|llama-3.1-8b-instant|3|true", app.queryOne(String.class, """
                select status || '|' || purpose || '|' || user_id || '|' || model || '|' || output_tokens || '|' || estimated
                from ai_requests where org_id = ? and conversation_id = ?
                """, acme.org().id(), conversation), "the two words written, estimated as a stop's are");
        var tokens = app.queryOne(Long.class, "select input_tokens + output_tokens from ai_requests where conversation_id = ?", conversation);
        assertEquals("1|" + tokens, app.queryOne(String.class,
                "select requests || '|' || tokens from ai_counters where scope = 'user' and period = 'day' and scope_id = ?",
                acme.ann().id()), "counted, as a stopped request is, with its tokens");
        assertEquals(0, app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ?", conversation));
    }

    @Test
    void anErrorMidAnswerKeepsThePartialAnswerMarkedAndTheRequestDoesNotCount() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.stream().tokens("Partial", " answer").streamError("server_error", "The model crashed"));
        var conversation = conversationOf(ask(acme, ann, null, "Break", "0.7"));
        waitFor(() -> "error".equals(lastAnswer(conversation).status()));
        var answer = lastAnswer(conversation);
        assertEquals("Partial answer", answer.content());
        assertTrue(answer.error().contains("The model crashed"), answer.error());
        assertEquals(0, app.queryOne(Integer.class, "select requests from ai_counters where scope = 'user' and period = 'hour' and scope_id = ?", acme.ann().id()));
        assertEquals("error", app.queryOne(String.class, "select status from ai_requests where conversation_id = ?", conversation));

        var page = ann.get(acme.org().path() + "/assistant/" + conversation);
        var bubble = page.document().getElementById("message-" + answer.id());
        assertTrue(bubble.selectFirst(".message-error").text().contains("The model crashed"), bubble.outerHtml());
        assertEquals("Retry", bubble.selectFirst(".message-regenerate button").text());

        // Retry: the failed answer is replaced by a new one.
        expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/regeneration", form()));
        waitFor(() -> "done".equals(lastAnswer(conversation).status()));
        assertEquals("Hello from the fake", lastAnswer(conversation).content());
        assertEquals(2, app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ?", conversation));
    }

    @Test
    void aPreciseQuestionAskedAgainIsAnsweredFromTheCacheAndItsSavingCounted() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.answerByDefault(Script.answer("Forty", "-two"));
        try {
            var first = askAndWait(acme, ann, null, "The answer?", "0");
            int requestsBefore = groq.requests().size();
            var second = askAndWait(acme, ann, null, "The answer?", "0");
            assertEquals("Forty-two", lastAnswer(second).content());
            assertTrue(lastAnswer(second).cached());
            // Titles aside, the model was not asked again.
            assertEquals(0, groq.requests().subList(requestsBefore, groq.requests().size()).stream()
                    .filter(r -> r.body().contains("The answer?") && !r.body().contains("Write a title")).count());
            assertEquals(1, app.queryOne(Integer.class, "select hits from ai_cache"));
            assertEquals("true", app.queryOne(String.class,
                    "select (cached and cost = 0 and saved_cost > 0)::text from ai_requests where conversation_id = ? and purpose = 'chat'", second));
            var page = ann.get(acme.org().path() + "/assistant/" + second);
            assertNotNull(page.document().selectFirst(".cached-badge"), page.describe());
            assertFalse(lastAnswer(first).cached());
        } finally {
            groq.answerByDefault(Script.hello());
        }
    }

    @Test
    void theLimitIsExactAndARefusalSaysWhichLimitWhatRemainsAndWhenItResets() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        app.update("update plan_quotas set requests = 2 where plan = 'FREE' and scope = 'user' and period = 'hour'");
        var conversation = askAndWait(acme, ann, null, "One", "0.7");
        askAndWait(acme, ann, conversation, "Two", "0.7");
        var refused = ask(acme, ann, conversation, "Three", "0.7");
        assertEquals(429, refused.status(), refused.describe());
        var alert = refused.document().selectFirst("#composer [role=alert]").text();
        assertTrue(alert.startsWith("You have used all 2 requests you may make this hour on the Free plan: 0 requests remain."), alert);
        assertTrue(alert.contains("resets at"), alert);
        assertEquals("Three", refused.document().getElementById("field-content").text());
        assertEquals(4, app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ?", conversation));
        assertTrue(groq.requests().stream().noneMatch(r -> r.body().contains("Three")),
                "A request over its limit is never sent to the provider, not even early");
    }

    @Test
    void aQuestionIsAskedOfTheProviderWithTheThreadSoFarAndARegenerateWithoutTheAnswerItReplaces() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.answer("First answer"));
        var conversation = askAndWait(acme, ann, null, "First question", "0.7");
        groq.enqueue(Script.answer("Second answer"));
        askAndWait(acme, ann, conversation, "Second question", "0.7");
        var second = groq.requests().stream().filter(r -> r.body().contains("Second question") && !r.body().contains("Write a title"))
                .findFirst().orElseThrow().body();
        assertTrue(second.indexOf("First question") < second.indexOf("First answer")
                && second.indexOf("First answer") < second.indexOf("Second question"), second);

        var before = groq.requests().size();
        groq.enqueue(Script.answer("Second answer, again"));
        expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/regeneration", form()));
        waitFor(() -> "Second answer, again".equals(lastAnswer(conversation).content()));
        var again = groq.requests().subList(before, groq.requests().size()).stream()
                .filter(r -> r.body().contains("Second question")).findFirst().orElseThrow().body();
        assertTrue(again.contains("First answer") && !again.contains("\"Second answer\""), again);
    }

    @Test
    void twoAppProcessesTogetherLetExactlyTheLimitThrough() throws Exception {
        var acme = Fixtures.acme(app);
        app.update("update plan_quotas set requests = 10 where plan = 'FREE' and scope = 'user' and period = 'hour'");
        try (var other = app.anotherNode()) {
            var second = Fixtures.logIn(app, acme.ann());
            var secondOnOther = new HttpSession("http://localhost:" + other.port());
            secondOnOther.setCookie(HttpSession.SESSION_COOKIE, second.sessionCookie());
            secondOnOther.get(acme.org().path() + "/assistant");
            var sessions = List.of(acme.ann().session(), secondOnOther);
            var modelId = modelId("llama-3.1-8b-instant");
            var start = new CountDownLatch(1);
            var pool = Executors.newFixedThreadPool(16);
            var results = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 16; i++) {
                var session = sessions.get(i % 2);
                var question = "Question " + i;
                Callable<Integer> post = () -> {
                    start.await();
                    return session.post(acme.org().path() + "/assistant", form("content", question, "model", String.valueOf(modelId),
                            "temperature", "0.7")).status();
                };
                results.add(pool.submit(post));
            }
            start.countDown();
            int admitted = 0;
            int refused = 0;
            for (var result : results) {
                var status = result.get();
                if (status == 303) {
                    admitted++;
                } else if (status == 429) {
                    refused++;
                }
            }
            pool.shutdown();
            assertEquals(10, admitted);
            assertEquals(6, refused);
            waitFor(() -> app.queryOne(Integer.class, "select count(*) from assistant_messages where status = 'streaming'") == 0);
            assertEquals(10, app.queryOne(Integer.class, "select count(*) from assistant_conversations"));
        }
    }

    @Test
    void theFirstAnswerGetsATitleWrittenByAFastModel() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        groq.enqueue(Script.answer("Paris", " is", " the", " capital."), Script.answer("Capital", " of", " France"));
        var conversation = askAndWait(acme, ann, null, "What is the capital of France, and why is it the capital at all?", "0.7");
        waitFor(() -> app.queryOne(String.class, "select title from assistant_conversations where id = ?", conversation).equals("Capital of France"));
        var titleRequest = groq.requests().get(groq.requests().size() - 1).json();
        assertEquals("llama-3.1-8b-instant", titleRequest.path("model").asText());
        assertEquals("title", app.queryOne(String.class, "select purpose from ai_requests where conversation_id = ? order by id desc limit 1", conversation));
        // The title request is the app's own work: only the question counts against the quota.
        assertEquals(1, app.queryOne(Integer.class, "select requests from ai_counters where scope = 'user' and period = 'hour' and scope_id = ?", acme.ann().id()));
    }

    @Test
    void conversationsAppearRenameAndDisappearInEveryTabOfTheUser() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        try (var tab = EventStream.open(app, ann, "topic=org:" + acme.org().id() + ":assistant:" + acme.ann().id())) {
            tab.await(e -> e.event().equals("hello"), Duration.ofSeconds(15));
            var conversation = askAndWait(acme, ann, null, "Hi there", "0.7");
            tab.await(e -> e.event().equals("fragment") && e.data().contains("id=\"conversation-" + conversation + "\""), Duration.ofSeconds(15));
            expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/title", form("title", "Renamed <b>here</b>")));
            var renamed = tab.await(e -> e.event().equals("fragment") && e.data().contains("Renamed"), Duration.ofSeconds(15));
            assertTrue(renamed.data().contains("Renamed &lt;b&gt;here&lt;/b&gt;"), renamed.data());
            expectRedirect(ann.post(acme.org().path() + "/assistant/" + conversation + "/deletion", form()));
            tab.await(e -> e.event().equals("fragment") && e.data().contains("data-live-remove=\"conversation-" + conversation + "\""), Duration.ofSeconds(15));
        }
    }

    @Test
    void aHandOffIsSummarizedCategorizedAndRankedByAFastModel() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        var conversation = askAndWait(acme, ann, null, "The export crashes every time, can I talk to a human?", "0.7");
        assertTrue(ann.get(acme.org().path() + "/assistant/" + conversation).document().getElementById("suggest-person") != null);
        groq.enqueue(Script.answer("{\"summary\": \"CSV export crashes for the member.\", \"category\": \"bug\", \"urgency\": \"high\"}"));
        var handedOff = ann.post(acme.org().path() + "/assistant/" + conversation + "/handoff", form());
        assertEquals(303, handedOff.status(), handedOff.describe());
        var supportId = Long.parseLong(handedOff.location().replace("/support/", ""));
        assertEquals("bug|high|CSV export crashes for the member.", app.queryOne(String.class,
                "select category || '|' || priority || '|' || handoff_summary from support_conversations where id = ?", supportId));
        assertEquals(1, app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ? and purpose = 'summary'", conversation));
        var triageRequest = groq.requests().get(groq.requests().size() - 1).json();
        assertEquals("llama-3.1-8b-instant", triageRequest.path("model").asText());
        assertTrue(triageRequest.path("messages").get(1).path("content").asText().contains("The export crashes"));
    }

    // ---- helpers

    private static Response ask(Fixtures.Acme acme, HttpSession session, Long conversation, String question, String temperature) {
        var path = acme.org().path() + "/assistant" + (conversation == null ? "" : "/" + conversation + "/messages");
        return session.post(path, form("content", question, "model", String.valueOf(modelId("llama-3.1-8b-instant")),
                "temperature", temperature));
    }

    private static long askAndWait(Fixtures.Acme acme, HttpSession session, Long conversation, String question, String temperature) {
        var id = conversationOf(ask(acme, session, conversation, question, temperature));
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from assistant_messages where conversation_id = ? and status = 'streaming'", id) == 0);
        if (conversation == null) {
            // The first answer is followed by a request for the conversation's title: once it is made, a
            // script the test enqueues next goes to the test's own request, not to the title.
            waitFor(() -> app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ? and purpose = 'title'", id) == 1);
        }
        return id;
    }

    private static long conversationOf(Response response) {
        expectRedirect(response);
        var location = response.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static void expectRedirect(Response response) {
        assertEquals(303, response.status(), response.describe());
    }

    private static long modelId(String modelId) {
        return app.queryOne(Long.class, "select id from ai_models where model_id = ?", modelId);
    }

    private static Message lastAnswer(long conversation) {
        return app.jdbi().withHandle(handle -> {
            var orgId = handle.createQuery("select org_id from assistant_conversations where id = :id").bind("id", conversation)
                    .mapTo(Long.class).one();
            var all = Messages.of(handle, orgId, conversation);
            return all.get(all.size() - 1);
        });
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String data) {
        try {
            return json.readTree(data);
        } catch (Exception e) {
            throw new AssertionError(data, e);
        }
    }
}
