package hearth.bench;

import java.util.Arrays;
import java.util.Locale;

/** Request durations of one measurement, in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;

    void add(long duration) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = duration;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    double percentileMs(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        var sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        var rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    double maxMs() {
        return percentileMs(100);
    }

    double meanMs() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += nanos[i];
        }
        return count == 0 ? Double.NaN : total / 1e6 / count;
    }

    /** {@code <prefix>_p50_ms=… <prefix>_p99_ms=… <prefix>_max_ms=…} */
    String keys(String prefix) {
        return String.format(Locale.ROOT, "%1$s_p50_ms=%2$.2f %1$s_p99_ms=%3$.2f %1$s_max_ms=%4$.2f %1$s_n=%5$d",
                prefix, percentileMs(50), percentileMs(99), maxMs(), count);
    }
}
