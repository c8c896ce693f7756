package hearth.assistant.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OpenAI's chat completions API, streamed: OpenAI itself, Groq, OpenRouter and any compatible server
 * (Ollama, vLLM, LM Studio, llama.cpp). POST {base}/chat/completions; the answer is SSE "data:" lines
 * of chat.completion.chunk JSON ending in "data: [DONE]".
 */
final class OpenAiCompatibleProvider implements ChatProvider {
    private final String name;
    private final String label;
    private final String who;
    private final URI endpoint;
    private final String apiKey;
    private final Map<String, String> extraHeaders;
    private final Transport transport;
    /**
     * Usage comes in a last chunk only when asked for with stream_options. OpenAI, Groq, OpenRouter,
     * Ollama, vLLM and llama.cpp accept it; a compatible server that rejects the field is asked again
     * without it, once, and not sent it from then on.
     */
    private final AtomicBoolean streamOptions = new AtomicBoolean(true);
    private final boolean dropStreamOptionsIfRejected;

    OpenAiCompatibleProvider(String name, String label, String who, String baseUrl, String apiKey,
                             Map<String, String> extraHeaders, boolean dropStreamOptionsIfRejected, Transport transport) {
        this.name = name;
        this.label = label;
        this.who = who;
        this.endpoint = URI.create(trimSlashes(baseUrl) + "/chat/completions");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.dropStreamOptionsIfRejected = dropStreamOptionsIfRejected;
        this.transport = transport;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public ChatResult stream(ChatRequest request, TokenListener listener, Cancellation cancellation)
            throws ProviderException {
        boolean withOptions = streamOptions.get();
        try {
            return transport.stream(who, httpRequest(request, withOptions), new Format(), this::redact, listener, cancellation);
        } catch (ProviderException e) {
            if (withOptions && dropStreamOptionsIfRejected && e.kind() == ProviderException.Kind.REJECTED
                    && e.getMessage().contains("stream_options")) {
                streamOptions.set(false);
                return transport.stream(who, httpRequest(request, false), new Format(), this::redact, listener, cancellation);
            }
            throw e;
        }
    }

    private HttpRequest httpRequest(ChatRequest request, boolean withStreamOptions) {
        ObjectNode body = Transport.JSON.createObjectNode();
        body.put("model", request.model());
        var messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("stream", true);
        body.put("temperature", request.temperature());
        if (request.maxTokens() > 0) {
            body.put("max_tokens", request.maxTokens());
        }
        if (withStreamOptions) {
            body.putObject("stream_options").put("include_usage", true);
        }
        byte[] json;
        try {
            json = Transport.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a chat request", e);
        }
        var builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        extraHeaders.forEach(builder::header);
        return builder.build();
    }

    private String redact(String text) {
        return apiKey == null ? text : text.replace(apiKey, "[redacted]");
    }

    @Override
    public String toString() {
        return "ChatProvider[" + name + ", " + Providers.withoutUserInfo(endpoint.toString()) + "]";
    }

    static String trimSlashes(String url) {
        return url.trim().replaceAll("/+$", "");
    }

    /** One stream's state: its usage (from the usage-only chunk, or Groq's x_groq.usage) and finish reason. */
    static final class Format implements StreamFormat {
        private static final String[] EVENT_TYPES = {"error"};
        private Integer inputTokens;
        private Integer outputTokens;
        private String finishReason;

        @Override
        public String[] eventTypes() {
            return EVENT_TYPES;
        }

        @Override
        public boolean onEvent(String type, byte[] data, int length, Deltas out) throws WireError {
            if (isDone(data, length)) {
                return true;
            }
            JsonNode chunk = parse(data, length);
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                throw streamError(error);
            }
            if ("error".equals(type) || "error".equals(chunk.path("object").asText(null))) {
                throw streamError(chunk);
            }
            JsonNode choices = chunk.get("choices");
            if (choices != null && choices.size() > 0) {
                JsonNode choice = choices.get(0);
                JsonNode content = choice.path("delta").get("content");
                if (content != null && content.isTextual()) {
                    out.text(content.textValue());
                }
                JsonNode finish = choice.get("finish_reason");
                if (finish != null && finish.isTextual()) {
                    finishReason = finish.textValue();
                }
            }
            usage(chunk.get("usage"));
            JsonNode groq = chunk.get("x_groq");
            if (groq != null) {
                usage(groq.get("usage"));
            }
            return false;
        }

        private void usage(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return;
            }
            if (usage.path("prompt_tokens").isIntegralNumber()) {
                inputTokens = usage.get("prompt_tokens").intValue();
            }
            if (usage.path("completion_tokens").isIntegralNumber()) {
                outputTokens = usage.get("completion_tokens").intValue();
            }
        }

        @Override
        public Usage usage() {
            return new Usage(inputTokens, outputTokens);
        }

        @Override
        public String finishReason() {
            return finishReason;
        }

        private static boolean isDone(byte[] data, int length) {
            int start = 0;
            int end = length;
            while (start < end && data[start] == ' ') {
                start++;
            }
            while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\n')) {
                end--;
            }
            return end - start == 6 && data[start] == '[' && data[start + 1] == 'D' && data[start + 2] == 'O'
                    && data[start + 3] == 'N' && data[start + 4] == 'E' && data[start + 5] == ']';
        }

        /** {"error":{"message","type","code"}} (OpenAI, OpenRouter) or vLLM's {"object":"error","message"}. */
        private static WireError streamError(JsonNode error) {
            String message = error.isTextual() ? error.textValue() : error.path("message").asText("");
            String type = error.path("type").asText("");
            String code = error.path("code").asText("");
            return new WireError(ProviderException.Kind.STREAM_ERROR,
                    message.isEmpty() ? (type.isEmpty() ? "unknown error" : type) : message,
                    transientError(type) || transientError(code));
        }
    }

    /** Whether an error named in a stream says "overloaded" or "server error", which another try may not meet. */
    static boolean transientError(String typeOrCode) {
        String value = typeOrCode.toLowerCase();
        if (value.contains("overloaded") || value.equals("server_error") || value.equals("api_error")
                || value.equals("internal_error") || value.equals("service_unavailable")
                || value.equals("rate_limit_error") || value.equals("rate_limit_exceeded")) {
            return true;
        }
        try {
            int code = Integer.parseInt(value);
            return code == 429 || code >= 500 && code <= 599;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static JsonNode parse(byte[] data, int length) throws WireError {
        try {
            JsonNode node = Transport.JSON.readTree(data, 0, length);
            if (node == null || !node.isObject()) {
                throw WireError.malformed("a chunk that is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw WireError.malformed("a chunk that is not valid JSON");
        } catch (IOException e) {
            throw WireError.malformed("a chunk that could not be read");
        }
    }
}
