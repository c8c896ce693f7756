package hearth.assistant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.ChatRequest;
import hearth.testing.TestApp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CostsAndCacheTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    private static final Model SONNET = new Model(1, "openrouter", "anthropic/claude-3.5-sonnet", "Claude 3.5 Sonnet", "POWERFUL",
            200_000, new BigDecimal("3.00"), new BigDecimal("15.00"), "PRO", true);

    @Test
    void aRequestCostsItsTokensAtThePricePerMillion() {
        // 1,234 input tokens at $3/M and 567 output tokens at $15/M: 0.003702 + 0.008505.
        assertEquals(new BigDecimal("0.01220700"), Costs.of(SONNET, 1234, 567));
        assertEquals(new BigDecimal("0.00000000"), Costs.of(SONNET, 0, 0));
        assertEquals(new BigDecimal("18.00000000"), Costs.of(SONNET, 1_000_000, 1_000_000));
    }

    @Test
    void tokensAreEstimatedAtFourCharactersWhenTheProviderDoesNotSay() {
        assertEquals(0, Costs.estimateTokens(""));
        assertEquals(1, Costs.estimateTokens("Hi"));
        assertEquals(3, Costs.estimateTokens("Hello, world"));
        assertEquals(3 + 4 + 1 + 4 + 3, Costs.estimateTokens(List.of(new ChatMessage("user", "Hi"),
                new ChatMessage("assistant", "Hello, world"))));
    }

    @Test
    void theCacheKeyDependsOnModelMessagesAndParameters() {
        var request = request("What is Hearth?", 0);
        assertArrayEquals(ResponseCache.key(SONNET, request), ResponseCache.key(SONNET, request("What is Hearth?", 0)));
        assertFalse(java.util.Arrays.equals(ResponseCache.key(SONNET, request), ResponseCache.key(SONNET, request("What is Hearth!", 0))));
        assertFalse(java.util.Arrays.equals(ResponseCache.key(SONNET, request), ResponseCache.key(SONNET, request("What is Hearth?", 0.7))));
        // Moving text between messages changes the key: every part is length-prefixed.
        var split = new ChatRequest(SONNET.modelId(), List.of(new ChatMessage("user", "ab"), new ChatMessage("user", "c")), 0, 0);
        var joined = new ChatRequest(SONNET.modelId(), List.of(new ChatMessage("user", "a"), new ChatMessage("user", "bc")), 0, 0);
        assertFalse(java.util.Arrays.equals(ResponseCache.key(SONNET, split), ResponseCache.key(SONNET, joined)));
        assertTrue(ResponseCache.cacheable(request));
        assertFalse(ResponseCache.cacheable(request("What is Hearth?", 0.7)));
    }

    @Test
    void aCachedAnswerIsFoundUntilItExpiresAndCountsItsHits() {
        var cache = new ResponseCache(Duration.ofHours(24));
        var key = ResponseCache.key(SONNET, request("What is Hearth?", 0));
        app.jdbi().useHandle(handle -> cache.store(handle, key, SONNET.modelId(), "A live workspace.", 12, 4));

        var hit = app.jdbi().withHandle(handle -> cache.find(handle, key)).orElseThrow();
        assertEquals("A live workspace.", hit.text());
        assertEquals(12, hit.inputTokens());
        assertEquals(4, hit.outputTokens());
        app.jdbi().withHandle(handle -> cache.find(handle, key)).orElseThrow();
        assertEquals(2, app.queryOne(Integer.class, "select hits from ai_cache"));

        app.update("update ai_cache set expires_at = now() - interval '1 second'");
        assertTrue(app.jdbi().withHandle(handle -> cache.find(handle, key)).isEmpty());
        assertEquals(1, app.jdbi().withHandle(ResponseCache::pruneExpired));
        assertEquals(0, app.count("ai_cache"));
    }

    @Test
    void theTimeToLiveIsTheConfiguredOne() {
        var cache = new ResponseCache(Duration.ofHours(2));
        var key = ResponseCache.key(SONNET, request("Q", 0));
        app.jdbi().useHandle(handle -> cache.store(handle, key, SONNET.modelId(), "A", 1, 1));
        var seconds = app.queryOne(Double.class, "select extract(epoch from expires_at - created_at) from ai_cache");
        assertEquals(7200, seconds, 1);
    }

    private static ChatRequest request(String question, double temperature) {
        return new ChatRequest(SONNET.modelId(), List.of(new ChatMessage("system", "You are Hearth Assistant."),
                new ChatMessage("user", question)), temperature, 0);
    }
}
