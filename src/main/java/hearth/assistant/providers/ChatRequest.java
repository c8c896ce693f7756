package hearth.assistant.providers;

import java.util.List;
import java.util.Objects;

/** One request. maxTokens may be 0 = provider default (Anthropic requires max_tokens: 4096 is sent then). */
public record ChatRequest(String model, List<ChatMessage> messages, double temperature, int maxTokens) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens is 0 (the provider's default) or more, not " + maxTokens);
        }
    }

    public ChatRequest withModel(String otherModel) {
        return new ChatRequest(otherModel, messages, temperature, maxTokens);
    }
}
