package hearth.assistant.providers;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets another thread stop a running stream at once: {@link #cancel()} closes the response body, and
 * the stream then throws a {@link ProviderException} of kind CANCELLED. It also wakes a retry that is
 * waiting out its backoff. One Cancellation serves one answer (with its retries); it cannot be reset.
 */
public final class Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>();

    public void cancel() {
        cancelled.countDown();
        Runnable action = onCancel.get();
        if (action != null) {
            action.run();
        }
    }

    public boolean cancelled() {
        return cancelled.getCount() == 0;
    }

    /** Runs action when cancelled (at once if already cancelled). The action must be idempotent. */
    void attach(Runnable action) {
        onCancel.set(action);
        if (cancelled()) {
            action.run();
        }
    }

    void detach(Runnable action) {
        onCancel.compareAndSet(action, null);
    }

    /** Waits for the duration; returns true as soon as the cancellation happens instead. */
    boolean sleep(Duration duration) throws InterruptedException {
        return cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
