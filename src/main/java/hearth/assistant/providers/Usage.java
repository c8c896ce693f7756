package hearth.assistant.providers;

public record Usage(Integer inputTokens, Integer outputTokens) {}
