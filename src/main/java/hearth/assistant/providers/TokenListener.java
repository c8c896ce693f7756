package hearth.assistant.providers;

@FunctionalInterface
public interface TokenListener {
    void onToken(String delta);
}
