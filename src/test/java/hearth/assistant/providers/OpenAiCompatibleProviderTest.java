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

/** The OpenAI chat completions format as OpenAI, Groq, OpenRouter and compatible servers speak it. */
class OpenAiCompatibleProviderTest {
    private static ChatResult stream(ChatProvider provider, ChatRequest request) throws ProviderException {
        return provider.stream(request, delta -> {}, new Cancellation());
    }

    @Test
    void theRequestIsAStreamingChatCompletionWithTheKeyAsBearerAndUsageAskedFor() throws Exception {
        try (var fake = FakeProvider.openAi()) {
            stream(Fakes.provider(fake), REQUEST);

            var request = fake.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("/v1/chat/completions", request.path());
            assertEquals("Bearer " + fake.apiKey(), request.header("Authorization"));
            assertEquals("application/json", request.header("Content-Type"));
            JsonNode body = request.json();
            assertEquals("test-model", body.get("model").asText());
            assertEquals("system", body.at("/messages/0/role").asText());
            assertEquals("Be brief.", body.at("/messages/0/content").asText());
            assertEquals("user", body.at("/messages/1/role").asText());
            assertEquals("Say hello", body.at("/messages/1/content").asText());
            assertTrue(body.get("stream").asBoolean());
            assertEquals(0.2, body.get("temperature").asDouble());
            assertTrue(body.at("/stream_options/include_usage").asBoolean());
            assertFalse(body.has("max_tokens"), "0 means the provider's default");
        }
    }

    @Test
    void maxTokensIsSentWhenSet() throws Exception {
        try (var fake = FakeProvider.groq()) {
            stream(Fakes.provider(fake), new ChatRequest("m", REQUEST.messages(), 0, 256));

            assertEquals(256, fake.requests().get(0).json().get("max_tokens").asInt());
            assertEquals("/openai/v1/chat/completions", fake.requests().get(0).path());
        }
    }

    @Test
    void groqsUsageIsReadFromXGroqOnTheLastChunk() throws Exception {
        try (var fake = FakeProvider.groq()) {
            fake.enqueue(Script.answer("a", "b").usage(40, 2));

            assertEquals(new Usage(40, 2), stream(Fakes.provider(fake), REQUEST).usage());
        }
    }

    @Test
    void aFinishReasonOtherThanStopIsReported() throws Exception {
        try (var fake = FakeProvider.openAi()) {
            fake.enqueue(Script.stream().token("cut").finish("length"));

            assertEquals("length", stream(Fakes.provider(fake), REQUEST).finishReason());
        }
    }

    @Test
    void openRouterGetsTheAppsTitleAndItsUrlWhenHearthHasOne() throws Exception {
        try (var fake = FakeProvider.openRouter()) {
            stream(Fakes.provider(fake), REQUEST);
            stream(Fakes.provider(fake, "HEARTH_BASE_URL", "https://hearth.example.com"), REQUEST);

            var withoutUrl = fake.requests().get(0);
            assertEquals("Hearth", withoutUrl.header("X-Title"));
            assertNull(withoutUrl.header("HTTP-Referer"));
            assertEquals("/api/v1/chat/completions", withoutUrl.path());
            assertEquals("https://hearth.example.com", fake.requests().get(1).header("HTTP-Referer"));
        }
    }

    @Test
    void openRoutersErrorChunkWithFinishReasonErrorIsAStreamError() {
        try (var fake = FakeProvider.openRouter()) {
            fake.enqueue(Script.stream().token("So far").streamError("server_error", "Provider disconnected unexpectedly"));

            var failure = assertThrows(ProviderException.class, () -> stream(Fakes.provider(fake), REQUEST));

            assertEquals(Kind.STREAM_ERROR, failure.kind());
            assertTrue(failure.retryable());
            assertEquals("OpenRouter reported an error: Provider disconnected unexpectedly", failure.getMessage());
            assertEquals("So far", failure.partialText());
        }
    }

    @Test
    void aVllmStyleErrorObjectInTheStreamIsAStreamError() {
        try (var fake = FakeProvider.compatible()) {
            fake.enqueue(Script.stream().raw("data: {\"object\":\"error\",\"message\":\"out of memory\",\"type\":\"InternalServerError\",\"code\":500}\n\n").end());

            var failure = assertThrows(ProviderException.class, () -> stream(Fakes.provider(fake), REQUEST));

            assertEquals(Kind.STREAM_ERROR, failure.kind());
            assertTrue(failure.retryable(), "code 500");
            assertEquals("The OpenAI-compatible server reported an error: out of memory", failure.getMessage());
        }
    }

    @Test
    void deltasWithoutContentAndUnknownFieldsAreSkipped() throws Exception {
        try (var fake = FakeProvider.openAi()) {
            fake.enqueue(Script.stream()
                    .raw("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"thinking\"},\"finish_reason\":null}]}\n\n")
                    .raw("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"tool_calls\":[]}}],\"usage\":null}\n\n")
                    .token("answer").finish());

            assertEquals("answer", stream(Fakes.provider(fake), REQUEST).text());
        }
    }

    @Test
    void aCompatibleServerWithoutAKeyGetsNoAuthorizationHeader() throws Exception {
        try (var fake = FakeProvider.compatible()) {
            var provider = Providers.fromEnv(fake.env()).get("compatible").orElseThrow();

            assertEquals("Hello from the fake", stream(provider, REQUEST).text());
            assertNull(fake.requests().get(0).header("Authorization"));
            assertEquals("OpenAI-compatible (" + fake.baseUrl() + ")", provider.label());
        }
    }

    @Test
    void aCompatibleServerWithAKeyGetsItAsBearer() throws Exception {
        try (var fake = FakeProvider.compatible()) {
            stream(Fakes.provider(fake), REQUEST);

            assertEquals("Bearer " + Fakes.COMPATIBLE_KEY, fake.requests().get(0).header("Authorization"));
        }
    }

    @Test
    void aCompatibleServerThatRejectsStreamOptionsIsAskedAgainWithoutThemAndNeverSentThemAgain() throws Exception {
        try (var fake = FakeProvider.compatible().rejectStreamOptions()) {
            var provider = Fakes.provider(fake);

            ChatResult first = stream(provider, REQUEST);
            ChatResult second = stream(provider, REQUEST);

            assertEquals("Hello from the fake", first.text());
            assertEquals(new Usage(null, null), first.usage(), "no usage chunk without stream_options");
            assertEquals("Hello from the fake", second.text());
            List<FakeProvider.Request> requests = fake.requests();
            assertEquals(3, requests.size());
            assertTrue(requests.get(0).json().has("stream_options"));
            assertFalse(requests.get(1).json().has("stream_options"));
            assertFalse(requests.get(2).json().has("stream_options"));
        }
    }

    @Test
    void theOtherProvidersDoNotDropStreamOptionsOnA400() {
        try (var fake = FakeProvider.openAi().rejectStreamOptions()) {
            var failure = assertThrows(ProviderException.class, () -> stream(Fakes.provider(fake), REQUEST));

            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void aWrongPathIsRejectedWithTheStatus() {
        try (var fake = FakeProvider.openAi()) {
            var provider = Providers.fromEnv(Map.of("OPENAI_API_KEY", "sk-test-0123456789", "OPENAI_BASE_URL", fake.baseUrl() + "/nope"))
                    .get("openai").orElseThrow();

            var failure = assertThrows(ProviderException.class, () -> stream(provider, REQUEST));

            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals(404, failure.status().orElseThrow());
            assertTrue(failure.getMessage().startsWith("OpenAI answered 404: Unknown path"), failure.getMessage());
        }
    }
}
