package hearth.assistant.providers;

import static hearth.assistant.providers.Fakes.REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.assistant.providers.ProviderException.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anthropic's Messages API: its request shape and its named stream events. */
class AnthropicProviderTest {
    private static ChatResult stream(ChatProvider provider, ChatRequest request) throws ProviderException {
        return provider.stream(request, delta -> {}, new Cancellation());
    }

    @Test
    void theRequestCarriesTheKeyAndVersionHeadersAndTheSystemPromptAtTheTop() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            stream(Fakes.provider(fake), REQUEST);

            var request = fake.requests().get(0);
            assertEquals("/v1/messages", request.path());
            assertEquals(fake.apiKey(), request.header("x-api-key"));
            assertEquals("2023-06-01", request.header("anthropic-version"));
            assertEquals("application/json", request.header("content-type"));
            assertNull(request.header("authorization"));
            JsonNode body = request.json();
            assertEquals("test-model", body.get("model").asText());
            assertEquals("Be brief.", body.get("system").asText());
            assertEquals(1, body.get("messages").size());
            assertEquals("user", body.at("/messages/0/role").asText());
            assertEquals("Say hello", body.at("/messages/0/content").asText());
            assertTrue(body.get("stream").asBoolean());
            assertEquals(0.2, body.get("temperature").asDouble());
            assertEquals(4096, body.get("max_tokens").asInt(), "Anthropic requires max_tokens");
        }
    }

    @Test
    void systemMessagesAreJoinedAndTurnsOfOneRoleMergedSoThatUserAndAssistantAlternate() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            var request = new ChatRequest("claude", List.of(
                    ChatMessage.system("You are Hearth's assistant."),
                    ChatMessage.assistant("Hi! How can I help?"),
                    ChatMessage.user("First question."),
                    ChatMessage.user("And a second one."),
                    ChatMessage.system("Answer in English."),
                    ChatMessage.assistant("Part one."),
                    ChatMessage.assistant("Part two."),
                    ChatMessage.user("Thanks")), 1.5, 100);

            stream(Fakes.provider(fake), request);

            JsonNode body = fake.requests().get(0).json();
            assertEquals("You are Hearth's assistant.\n\nAnswer in English.", body.get("system").asText());
            JsonNode messages = body.get("messages");
            assertEquals(3, messages.size(), "the greeting before the first user message is left out");
            assertEquals("user", messages.at("/0/role").asText());
            assertEquals("First question.\n\nAnd a second one.", messages.at("/0/content").asText());
            assertEquals("assistant", messages.at("/1/role").asText());
            assertEquals("Part one.\n\nPart two.", messages.at("/1/content").asText());
            assertEquals("user", messages.at("/2/role").asText());
            assertEquals(100, body.get("max_tokens").asInt());
            assertEquals(1.0, body.get("temperature").asDouble(), "Anthropic's temperature goes up to 1");
        }
    }

    @Test
    void withoutASystemMessageThereIsNoSystemField() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            stream(Fakes.provider(fake), new ChatRequest("claude", List.of(ChatMessage.user("Hi")), 0, 0));

            assertFalse(fake.requests().get(0).json().has("system"));
        }
    }

    @Test
    void outputTokensAreTheLastCumulativeCountNotASum() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.stream().tokens("a", "b")
                    .raw("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":null},\"usage\":{\"output_tokens\":5}}\n\n")
                    .token("c").usage(31, 9).finish("max_tokens"));

            ChatResult result = stream(Fakes.provider(fake), REQUEST);

            assertEquals("abc", result.text());
            assertEquals(new Usage(31, 9), result.usage(), "message_start said 1, a message_delta 5, the last 9");
            assertEquals("max_tokens", result.finishReason());
        }
    }

    @Test
    void deltasOtherThanTextAndUnknownEventsAreSkipped() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.stream()
                    .raw("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}\n\n")
                    .raw("event: something_new\ndata: {\"type\":\"something_new\"}\n\n")
                    .token("Answer").finish());

            assertEquals("Answer", stream(Fakes.provider(fake), REQUEST).text());
        }
    }

    @Test
    void eventsWithoutAnEventLineAreRecognisedByTheirType() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.stream()
                    .raw("data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n")
                    .raw("data: {\"type\":\"message_stop\"}\n\n"));

            assertEquals("x", stream(Fakes.provider(fake), REQUEST).text());
        }
    }

    @Test
    void anAuthenticationErrorIsRejectedWithAnthropicsMessage() {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.status(401).message("invalid x-api-key"));

            var failure = assertThrows(ProviderException.class, () -> stream(Fakes.provider(fake), REQUEST));

            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals("Anthropic answered 401: invalid x-api-key", failure.getMessage());
        }
    }

    @Test
    void aBaseUrlGivenWithV1IsNotDoubled() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            var provider = Providers.fromEnv(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789", "ANTHROPIC_BASE_URL", fake.baseUrl() + "/v1/"))
                    .get("anthropic").orElseThrow();

            stream(provider, REQUEST);

            assertEquals("/v1/messages", fake.requests().get(0).path());
        }
    }
}
