package hearth.assistant;

import static hearth.testing.Eventually.waitFor;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.FakeProvider;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage page: every figure counts requests the same way, and the app's own requests are shown apart. */
class UsagePageTest {
    static final FakeProvider groq = FakeProvider.groq();

    @RegisterExtension
    static TestApp app = AssistantStreamingTest.withProvider(TestApp.withFreshDataForEachTest(), groq);

    @AfterAll
    static void closeFake() {
        groq.close();
    }

    @Test
    void totalsChartAndTablesCountTheQuestionsAskedAndShowTitleRequestsApartWithTheirCost() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        // A question answered, the title the app asks for after it, and a question that fails mid-answer.
        groq.enqueue(Script.answer("Paris", " is", " the", " capital.").usage(20, 4),
                Script.answer("Capital", " of", " France").usage(30, 3),
                Script.stream().tokens("Half").streamError("server_error", "The model crashed"));
        var conversation = conversationOf(ask(acme, ann, acme.org().path() + "/assistant", "What is the capital of France?"));
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ? and purpose = 'title'",
                conversation) == 1);
        ask(acme, ann, acme.org().path() + "/assistant/" + conversation + "/messages", "And of Italy?");
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ?", conversation) == 3);

        var mine = ann.get(acme.org().path() + "/assistant/usage").document();
        assertEquals("2", text(mine, "#total-requests"), "the two questions");
        var today = mine.select(".bar-chart rect").last();
        assertTrue(today.text().contains(": 2 requests,"), "today's bar counts what the total counts: " + today.outerHtml());
        assertEquals("2", cells(mine.selectFirst("#model-usage tbody tr")).get(0), "so does the model's row");
        assertTrue(today.text().contains(", 1 internal,"), today.outerHtml());
        assertEquals(List.of("2", "1", "0", "1"), cells(mine.selectFirst("#model-usage tbody tr")).subList(0, 4),
                "requests, internal, cached, failed of the one model");
        assertEquals("1", text(mine, "#total-failed"));
        assertEquals("1", text(mine, "#total-internal"), "the title, apart");
        assertTrue(text(mine, "#quota-table tr[data-period=hour]").contains("9 of 10 left"),
                "the quota counted the questions that did not fail: 2 - 1");
        var allTokens = app.queryOne(Long.class, "select sum(input_tokens + output_tokens) from ai_requests where org_id = ?", acme.org().id());
        assertEquals(hearth.web.Format.number(allTokens), text(mine, "#total-tokens"), "the title's tokens are spent too");
        assertTrue(allTokens > 20 + 4 + 30 + 3);

        var org = ann.get(acme.org().path() + "/assistant/usage?scope=org").document();
        assertEquals("2", text(org, "#total-requests"));
        assertEquals("1", text(org, "#total-internal"));
        assertEquals(List.of("2", "1"), cells(org.selectFirst("#member-usage tbody tr")).subList(0, 2), "Ann: requests, internal");
    }

    @Test
    void aTitleOrSummaryRequestThatFailsIsRecordedAsAFailedInternalRequestWithTheTokensKnown() {
        var acme = Fixtures.acme(app);
        var ann = acme.ann().session();
        // The answer, then a title request that breaks off after one word, then a hand-off summary refused with a 500.
        groq.enqueue(Script.answer("Paris", " is", " the", " capital.").usage(20, 4),
                Script.stream().tokens("Capital").streamError("server_error", "The model crashed"),
                Script.status(500));
        var conversation = conversationOf(ask(acme, ann, acme.org().path() + "/assistant", "What is the capital of France?"));
        waitFor(() -> app.queryOne(Integer.class, "select count(*) from ai_requests where conversation_id = ? and purpose = 'title'",
                conversation) == 1);
        var handedOff = ann.post(acme.org().path() + "/assistant/" + conversation + "/handoff", form());
        assertEquals(303, handedOff.status(), handedOff.describe());

        var title = app.queryOne(String.class, """
                select status || '|' || user_id || '|' || model || '|' || output_tokens || '|' || (input_tokens > 0) || '|' || estimated
                       || '|' || (cost > 0) || '|' || (error like '%The model crashed%')
                from ai_requests where org_id = ? and conversation_id = ? and purpose = 'title'
                """, acme.org().id(), conversation);
        assertEquals("error|" + acme.ann().id() + "|llama-3.1-8b-instant|2|true|true|true|true", title,
                "the word written before it broke, and the prompt, estimated");
        var summary = app.queryOne(String.class, """
                select status || '|' || output_tokens || '|' || (error is not null)
                from ai_requests where org_id = ? and conversation_id = ? and purpose = 'summary'
                """, acme.org().id(), conversation);
        assertEquals("error|0|true", summary);

        var mine = ann.get(acme.org().path() + "/assistant/usage").document();
        assertEquals("1", text(mine, "#total-requests"), "the question");
        assertEquals("2", text(mine, "#total-internal"), "the title and the summary, failed as they did");
        assertEquals("0", text(mine, "#total-failed"), "failed counts the questions, as the quota does");
        var allTokens = app.queryOne(Long.class, "select sum(input_tokens + output_tokens) from ai_requests where org_id = ?", acme.org().id());
        assertTrue(allTokens > 20 + 4 + 2);
        assertEquals(hearth.web.Format.number(allTokens), text(mine, "#total-tokens"));
        var org = ann.get(acme.org().path() + "/assistant/usage?scope=org").document();
        assertEquals(List.of("1", "2"), cells(org.selectFirst("#member-usage tbody tr")).subList(0, 2), "Ann: requests, internal");
    }

    private static String text(Document page, String selector) {
        var element = page.selectFirst(selector);
        assertTrue(element != null, "no " + selector + " in " + page.outerHtml());
        return element.text();
    }

    private static List<String> cells(Element row) {
        return row.select("td").eachText();
    }

    private static Response ask(Fixtures.Acme acme, HttpSession session, String path, String question) {
        var modelId = app.queryOne(Long.class, "select id from ai_models where model_id = 'llama-3.1-8b-instant'");
        var response = session.post(path, form("content", question, "model", String.valueOf(modelId), "temperature", "0.7"));
        assertEquals(303, response.status(), response.describe());
        return response;
    }

    private static long conversationOf(Response response) {
        var location = response.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
