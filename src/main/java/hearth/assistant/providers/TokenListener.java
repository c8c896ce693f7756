package hearth.assistant.providers;

/** Receives text deltas in order, on the reading thread. Must be fast; the provider does not buffer deltas. */
@FunctionalInterface
public interface TokenListener {
    void onToken(String delta);
}
