package hearth.assistant.providers;

/** One configured provider. Implementations never show their API key, not even in toString. */
public interface ChatProvider {
    /** "openrouter", "groq", "openai", "compatible" or "anthropic". */
    String name();

    /** "OpenRouter", "Groq", "OpenAI", "OpenAI-compatible (http://host:11434/v1)" or "Anthropic". */
    String label();

    /** Streams one answer. Blocks until the stream ends. Calls listener for each text delta. Does NOT retry. */
    ChatResult stream(ChatRequest request, TokenListener listener, Cancellation cancellation) throws ProviderException;
}
