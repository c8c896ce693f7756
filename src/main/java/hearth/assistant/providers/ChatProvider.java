package hearth.assistant.providers;

public interface ChatProvider {
    String name();

    String label();

    ChatResult stream(ChatRequest request, TokenListener listener, Cancellation cancellation) throws ProviderException;
}
