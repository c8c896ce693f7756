package hearth.assistant.providers;

import java.util.List;

public record ChatRequest(String model, List<ChatMessage> messages, double temperature, int maxTokens) {}
