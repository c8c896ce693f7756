package hearth.assistant.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * connect: establishing the TCP/TLS connection. firstToken: from sending the request to the first
 * text delta. silence: between any two received chunks or lines (keep-alive comments count), once the
 * response has started.
 */
public record Timeouts(Duration connect, Duration firstToken, Duration silence) {
    public Timeouts {
        requirePositive(connect, "connect");
        requirePositive(firstToken, "firstToken");
        requirePositive(silence, "silence");
    }

    /** 10 s to connect, 60 s to the first token, 30 s of silence. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("The " + name + " timeout must be positive, not " + duration);
        }
    }
}
