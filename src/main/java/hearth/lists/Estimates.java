package hearth.lists;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Planner estimates of match counts, kept for a short while per query and values. */
final class Estimates {
    private record Entry(long value, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long lifetimeNanos;
    private final int capacity;

    Estimates(Duration lifetime, int capacity) {
        this.lifetimeNanos = lifetime.toNanos();
        this.capacity = capacity;
    }

    long get(String key, Supplier<Long> estimate) {
        var now = System.nanoTime();
        var entry = entries.get(key);
        if (entry != null && entry.expiresAt - now > 0) {
            return entry.value;
        }
        var value = estimate.get();
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry(value, now + lifetimeNanos));
        return value;
    }
}
