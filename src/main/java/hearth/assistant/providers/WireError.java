package hearth.assistant.providers;

/** A wire format's complaint about one event: the stream turns it into a ProviderException with what it has so far. */
final class WireError extends Exception {
    final ProviderException.Kind kind;
    final boolean retryable;

    WireError(ProviderException.Kind kind, String message, boolean retryable) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryable = retryable;
    }

    static WireError malformed(String message) {
        return new WireError(ProviderException.Kind.MALFORMED, message, false);
    }
}
