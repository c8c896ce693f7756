package hearth.assistant.providers;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a stream failed. {@link #getMessage()} is a short reason a person can read; it never holds the
 * API key or an Authorization header (text a provider sends back is passed through the provider's
 * redaction first, since some echo the key they were given).
 */
public final class ProviderException extends Exception {
    public enum Kind {
        RATE_LIMITED,
        SERVER_ERROR,
        CONNECTION,
        CONNECT_TIMEOUT,
        FIRST_TOKEN_TIMEOUT,
        SILENCE_TIMEOUT,
        /** An error delivered inside a 200 stream. */
        STREAM_ERROR,
        /** Any other 4xx: bad key, unknown model, context too long. */
        REJECTED,
        MALFORMED,
        /** The stream ended without its terminator. */
        INCOMPLETE,
        CANCELLED
    }

    private final Kind kind;
    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean afterFirstToken;
    private final String partialText;
    private final Usage partialUsage;
    private final int status;

    ProviderException(Kind kind, String message, boolean retryable, Duration retryAfter, boolean afterFirstToken,
                      String partialText, Usage partialUsage, int status, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.afterFirstToken = afterFirstToken;
        this.partialText = partialText == null ? "" : partialText;
        this.partialUsage = partialUsage == null ? Usage.UNKNOWN : partialUsage;
        this.status = status;
    }

    /** A failure before anything was received. */
    static ProviderException of(Kind kind, String message) {
        return new ProviderException(kind, message, retryableByDefault(kind), null, false, "", Usage.UNKNOWN, 0, null);
    }

    /**
     * Kinds where trying again may well work. SILENCE_TIMEOUT and INCOMPLETE count as well: before the
     * first token they are a dropped connection like CONNECTION; after it nothing is retried anyway.
     */
    static boolean retryableByDefault(Kind kind) {
        switch (kind) {
            case RATE_LIMITED:
            case SERVER_ERROR:
            case CONNECTION:
            case CONNECT_TIMEOUT:
            case FIRST_TOKEN_TIMEOUT:
            case SILENCE_TIMEOUT:
            case INCOMPLETE:
                return true;
            default:
                return false;
        }
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }

    /** From Retry-After (seconds or HTTP-date) or retry-after-ms. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when deltas had already been passed to the listener. */
    public boolean afterFirstToken() {
        return afterFirstToken;
    }

    /** What had been streamed before the failure ("" if none). */
    public String partialText() {
        return partialText;
    }

    /** Usage seen before the failure; fields are null where the provider had not said. */
    public Usage partialUsage() {
        return partialUsage;
    }

    /** The HTTP status the provider answered with, when the failure was an error status. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
