package hearth.assistant;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.FakeProvider;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.testing.Fixtures;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "Talk to a person" pressed twice, from two tabs, or by a script: one support conversation, one triage, a limit. */
class HandoffTest {
    static final FakeProvider groq = FakeProvider.groq();

    @RegisterExtension
    static TestApp app = AssistantStreamingTest.withProvider(TestApp.withFreshDataForEachTest(), groq);

    static final String TRIAGE = "{\"summary\": \"The member was charged twice.\", \"category\": \"billing\", \"urgency\": \"high\"}";

    @AfterAll
    static void closeFake() {
        groq.close();
    }

    @Test
    void twoHandOffsOfOneConversationAtOnceMakeOneSupportConversationAndOneTriage() throws Exception {
        var acme = Fixtures.acme(app);
        var conversation = assistantConversation(acme, "Double charge");
        var path = acme.org().path() + "/assistant/" + conversation + "/handoff";
        // The model takes a second to answer: the second click arrives while the first waits for it.
        groq.answerByDefault(Script.answer(TRIAGE).headersDelay(Duration.ofSeconds(1)));
        var requestsBefore = groq.requests().size();
        var firstTab = acme.ann().session();
        var secondTab = app.sessionWithCookie(firstTab.sessionCookie());
        var token = firstTab.csrfToken();
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> first = pool.submit(() -> {
                start.await();
                return firstTab.postWithCsrfField(path, form(), token);
            });
            Future<Response> second = pool.submit(() -> {
                start.await();
                return secondTab.postWithCsrfField(path, form(), token);
            });
            start.countDown();
            var one = first.get();
            var other = second.get();
            assertEquals(303, one.status(), one.describe());
            assertEquals(303, other.status(), other.describe());
            assertEquals(one.location(), other.location());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, app.queryOne(Integer.class,
                "select count(*) from support_conversations where assistant_conversation_id = ?", conversation));
        assertEquals(1, app.queryOne(Integer.class,
                "select count(*) from ai_requests where conversation_id = ? and purpose = 'summary'", conversation));
        assertEquals(requestsBefore + 1, groq.requests().size());
        assertEquals("billing|high|The member was charged twice.", app.queryOne(String.class,
                "select category || '|' || priority || '|' || handoff_summary from support_conversations where assistant_conversation_id = ?",
                conversation));
        assertEquals(1, app.queryOne(Integer.class,
                "select count(*) from assistant_messages where conversation_id = ? and role = 'system'", conversation));
    }

    @Test
    void aHandOffAgainLeadsToTheOpenSupportConversationAndOnceItIsClosedMakesANewOne() {
        var acme = Fixtures.acme(app);
        groq.answerByDefault(Script.answer(TRIAGE));
        var conversation = assistantConversation(acme, "Double charge");
        var path = acme.org().path() + "/assistant/" + conversation + "/handoff";
        var ann = acme.ann().session();
        var first = ann.post(path, form());
        assertEquals(303, first.status(), first.describe());
        var requestsAfterFirst = groq.requests().size();

        var again = ann.post(path, form());
        assertEquals(303, again.status(), again.describe());
        assertEquals(first.location(), again.location());
        assertEquals(requestsAfterFirst, groq.requests().size(), "no second triage");
        assertEquals(1, app.queryOne(Integer.class, "select count(*) from support_conversations"));

        assertEquals(303, ann.post(first.location() + "/status", form("status", "closed")).status());
        var afterClosing = ann.post(path, form());
        assertEquals(303, afterClosing.status(), afterClosing.describe());
        assertTrue(!afterClosing.location().equals(first.location()), afterClosing.location());
        assertEquals(2, app.queryOne(Integer.class,
                "select count(*) from support_conversations where assistant_conversation_id = ?", conversation));
    }

    @Test
    void aMemberHandsAtMostFiveConversationsAnHourToAPersonAndIsToldSoNextToTheButton() {
        var acme = Fixtures.acme(app);
        groq.answerByDefault(Script.answer(TRIAGE));
        var ann = acme.ann().session();
        String firstLocation = null;
        Long firstConversation = null;
        for (int i = 1; i <= 5; i++) {
            var conversation = assistantConversation(acme, "Question " + i);
            var handedOff = ann.post(acme.org().path() + "/assistant/" + conversation + "/handoff", form());
            assertEquals(303, handedOff.status(), handedOff.describe());
            if (firstLocation == null) {
                firstLocation = handedOff.location();
                firstConversation = conversation;
            }
        }
        var requestsBefore = groq.requests().size();
        var sixth = assistantConversation(acme, "Question 6");
        var refused = ann.post(acme.org().path() + "/assistant/" + sixth + "/handoff", form());
        assertEquals(429, refused.status(), refused.describe());
        var message = refused.document().getElementById("handoff-error");
        assertTrue(message != null && message.text().contains("up to 5 conversations an hour"), refused.describe());
        assertTrue(refused.document().selectFirst("form[action$=/" + sixth + "/handoff]") != null, refused.describe());
        assertEquals(5, app.queryOne(Integer.class, "select count(*) from support_conversations"));
        assertEquals(requestsBefore, groq.requests().size(), "no model call for a refused hand-off");
        assertEquals(0, app.queryOne(Integer.class,
                "select count(*) from assistant_messages where conversation_id = ? and role = 'system'", sixth));

        // Going back to a conversation already handed over is not a new hand-off: it is never refused.
        var again = ann.post(acme.org().path() + "/assistant/" + firstConversation + "/handoff", form());
        assertEquals(303, again.status(), again.describe());
        assertEquals(firstLocation, again.location());
    }

    private static long assistantConversation(Fixtures.Acme acme, String title) {
        var conversation = app.queryOne(Long.class, """
                insert into assistant_conversations (org_id, user_id, title) values (?, ?, ?) returning id
                """, acme.org().id(), acme.ann().id(), title);
        app.update("insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'user', ?)",
                acme.org().id(), conversation, "I was charged twice this month");
        return conversation;
    }
}
