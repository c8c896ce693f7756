package hearth.assistant.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's native Messages API, streamed: POST {base}/v1/messages; the answer is named SSE events
 * (message_start, content_block_*, message_delta, message_stop, ping, error).
 */
final class AnthropicProvider implements ChatProvider {
    static final String VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;

    private final URI endpoint;
    private final String apiKey;
    private final Transport transport;

    AnthropicProvider(String baseUrl, String apiKey, Transport transport) {
        String base = OpenAiCompatibleProvider.trimSlashes(baseUrl);
        // Accept a base given with its /v1 too, as the other providers' bases are.
        this.endpoint = URI.create(base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages");
        this.apiKey = apiKey.trim();
        this.transport = transport;
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String label() {
        return "Anthropic";
    }

    @Override
    public ChatResult stream(ChatRequest request, TokenListener listener, Cancellation cancellation)
            throws ProviderException {
        var httpRequest = HttpRequest.newBuilder(endpoint)
                .header("x-api-key", apiKey)
                .header("anthropic-version", VERSION)
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request)))
                .build();
        return transport.stream("Anthropic", httpRequest, new Format(), this::redact, listener, cancellation);
    }

    /**
     * System messages go to the top-level "system" field (several joined by blank lines). The Messages API
     * wants user and assistant turns to alternate starting with the user, so consecutive messages of one
     * role are merged and assistant messages before the first user message are left out.
     */
    static byte[] body(ChatRequest request) {
        List<String> system = new ArrayList<>();
        List<ChatMessage> turns = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message.role().equals("system")) {
                system.add(message.content());
            } else if (turns.isEmpty() && message.role().equals("assistant")) {
                continue;
            } else if (!turns.isEmpty() && turns.get(turns.size() - 1).role().equals(message.role())) {
                ChatMessage last = turns.remove(turns.size() - 1);
                turns.add(new ChatMessage(last.role(), last.content() + "\n\n" + message.content()));
            } else {
                turns.add(message);
            }
        }
        ObjectNode body = Transport.JSON.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", request.maxTokens() > 0 ? request.maxTokens() : DEFAULT_MAX_TOKENS);
        if (!system.isEmpty()) {
            body.put("system", String.join("\n\n", system));
        }
        var messages = body.putArray("messages");
        for (ChatMessage turn : turns) {
            messages.addObject().put("role", turn.role()).put("content", turn.content());
        }
        body.put("stream", true);
        // Anthropic's range is 0 to 1 where OpenAI's is 0 to 2.
        body.put("temperature", Math.max(0.0, Math.min(1.0, request.temperature())));
        try {
            return Transport.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a chat request", e);
        }
    }

    private String redact(String text) {
        return text.replace(apiKey, "[redacted]");
    }

    @Override
    public String toString() {
        return "ChatProvider[anthropic, " + Providers.withoutUserInfo(endpoint.toString()) + "]";
    }

    /** One stream's state. output_tokens in message_delta is the running total, so the last one is kept, never added. */
    static final class Format implements StreamFormat {
        private static final String[] EVENT_TYPES = {"message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop", "ping", "error"};
        private Integer inputTokens;
        private Integer outputTokens;
        private String stopReason;

        @Override
        public String[] eventTypes() {
            return EVENT_TYPES;
        }

        @Override
        public boolean onEvent(String type, byte[] data, int length, Deltas out) throws WireError {
            JsonNode event = OpenAiCompatibleProvider.parse(data, length);
            String kind = type != null ? type : event.path("type").asText("");
            switch (kind) {
                case "message_start":
                    usage(event.path("message").get("usage"));
                    return false;
                case "content_block_start":
                    JsonNode block = event.path("content_block");
                    if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                        out.text(block.get("text").textValue());
                    }
                    return false;
                case "content_block_delta":
                    JsonNode delta = event.path("delta");
                    if ("text_delta".equals(delta.path("type").asText()) && delta.path("text").isTextual()) {
                        out.text(delta.get("text").textValue());
                    }
                    return false;
                case "message_delta":
                    JsonNode stop = event.path("delta").get("stop_reason");
                    if (stop != null && stop.isTextual()) {
                        stopReason = stop.textValue();
                    }
                    usage(event.get("usage"));
                    return false;
                case "message_stop":
                    return true;
                case "error":
                    JsonNode error = event.path("error");
                    String errorType = error.path("type").asText("");
                    String message = error.path("message").asText("");
                    throw new WireError(ProviderException.Kind.STREAM_ERROR,
                            message.isEmpty() ? (errorType.isEmpty() ? "unknown error" : errorType) : message,
                            OpenAiCompatibleProvider.transientError(errorType));
                default:
                    // ping, content_block_stop, and event types added later (Anthropic's versioning policy allows new ones)
                    return false;
            }
        }

        private void usage(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return;
            }
            if (usage.path("input_tokens").isIntegralNumber()) {
                inputTokens = usage.get("input_tokens").intValue();
            }
            if (usage.path("output_tokens").isIntegralNumber()) {
                outputTokens = usage.get("output_tokens").intValue();
            }
        }

        @Override
        public Usage usage() {
            return new Usage(inputTokens, outputTokens);
        }

        @Override
        public String finishReason() {
            return stopReason;
        }
    }
}
