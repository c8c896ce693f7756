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

    /** The value kept for {@code key}, or null when there is none or it expired. */
    Long peek(String key) {
        var entry = entries.get(key);
        return entry != null && entry.expiresAt - System.nanoTime() > 0 ? entry.value : null;
    }

    void put(String key, long value) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry(value, System.nanoTime() + lifetimeNanos));
    }

    long get(String key, Supplier<Long> estimate) {
        var kept = peek(key);
        if (kept != null) {
            return kept;
        }
        var value = estimate.get();
        put(key, value);
        return value;
    }
}
