package hearth.assistant.providers;

/** A message of the conversation sent to the model. role: "system", "user" or "assistant". */
public record ChatMessage(String role, String content) {}
