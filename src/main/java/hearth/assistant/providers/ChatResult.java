package hearth.assistant.providers;

/** How a finished stream ended. text = all deltas concatenated; finishReason as the provider said it (may be null). */
public record ChatResult(String text, Usage usage, String finishReason) {}
