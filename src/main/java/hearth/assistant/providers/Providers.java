package hearth.assistant.providers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placeholder of the contract until the provider clients land. */
public final class Providers {
    public static Providers fromEnv(Map<String, String> env) {
        return new Providers();
    }

    public Optional<ChatProvider> get(String name) {
        return Optional.empty();
    }

    public boolean any() {
        return false;
    }

    public List<ChatProvider> all() {
        return List.of();
    }

    public static String variableFor(String name) {
        return switch (name) {
            case "openrouter" -> "OPENROUTER_API_KEY";
            case "groq" -> "GROQ_API_KEY";
            case "openai" -> "OPENAI_API_KEY";
            case "compatible" -> "OPENAI_COMPATIBLE_BASE_URL";
            case "anthropic" -> "ANTHROPIC_API_KEY";
            default -> throw new IllegalArgumentException(name);
        };
    }

    public ChatResult streamWithRetries(ChatProvider provider, ChatRequest request, TokenListener listener,
                                        Cancellation cancellation, Optional<Fallback> fallback) throws ProviderException {
        return provider.stream(request, listener, cancellation);
    }

    public record Fallback(ChatProvider provider, String model) {}
}
