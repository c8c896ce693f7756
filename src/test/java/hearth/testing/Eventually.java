package hearth.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the app does in the background (an answer being written, a sweep). */
public final class Eventually {
    private Eventually() {}

    /** Polls {@code condition} every 20 ms; fails after 20 s. */
    public static void waitFor(BooleanSupplier condition) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
