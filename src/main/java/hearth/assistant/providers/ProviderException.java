package hearth.assistant.providers;

import java.time.Duration;
import java.util.Optional;

public final class ProviderException extends Exception {
    public enum Kind { RATE_LIMITED, SERVER_ERROR, CONNECTION, CONNECT_TIMEOUT, FIRST_TOKEN_TIMEOUT, SILENCE_TIMEOUT,
        STREAM_ERROR, REJECTED, MALFORMED, INCOMPLETE, CANCELLED }

    private final Kind kind;

    public ProviderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return false;
    }

    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    public boolean afterFirstToken() {
        return false;
    }

    public String partialText() {
        return "";
    }

    public Usage partialUsage() {
        return new Usage(null, null);
    }
}
