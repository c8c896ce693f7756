package hearth.assistant.providers;

/**
 * Receives text deltas in order, on the HTTP client's thread that reads the stream (not the thread that
 * asked): it must be fast and must not block, since that thread reads other answers too. The provider
 * does not buffer deltas.
 */
@FunctionalInterface
public interface TokenListener {
    void onToken(String delta);
}
