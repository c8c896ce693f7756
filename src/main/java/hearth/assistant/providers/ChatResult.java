package hearth.assistant.providers;

public record ChatResult(String text, Usage usage, String finishReason) {}
