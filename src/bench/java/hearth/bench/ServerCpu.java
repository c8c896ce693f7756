package hearth.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * CPU time and allocated bytes of the in-process app's request threads (Jetty's pool), read per thread:
 * what serving the requests cost, apart from the benchmark's own clients in the same JVM and from
 * PostgreSQL. Steadier than latency on a shared machine (allocation does not depend on the machine's load
 * at all), so it is what an A/B comparison of a page's code reads.
 */
final class ServerCpu {
    private static final String POOL = "JettyServerThreadPool";
    private record Use(long cpuNanos, long allocatedBytes) {}
    private final Map<Long, Use> start;

    private ServerCpu(Map<Long, Use> start) {
        this.start = start;
    }

    static ServerCpu start() {
        return new ServerCpu(read());
    }

    /** Nanoseconds of CPU the request threads used since {@link #start}. */
    long nanos() {
        return since(Use::cpuNanos);
    }

    /** Bytes the request threads allocated since {@link #start}. */
    long allocatedBytes() {
        return since(Use::allocatedBytes);
    }

    private long since(ToLongFunction<Use> measure) {
        long total = 0;
        for (var entry : read().entrySet()) {
            var before = start.get(entry.getKey());
            total += measure.applyAsLong(entry.getValue()) - (before == null ? 0 : measure.applyAsLong(before));
        }
        return total;
    }

    private static Map<Long, Use> read() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var use = new HashMap<Long, Use>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(POOL)) {
                var nanos = threads.getThreadCpuTime(info.getThreadId());
                var bytes = threads.getThreadAllocatedBytes(info.getThreadId());
                if (nanos >= 0 && bytes >= 0) {
                    use.put(info.getThreadId(), new Use(nanos, bytes));
                }
            }
        }
        return use;
    }
}
