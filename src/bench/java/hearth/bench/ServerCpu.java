package hearth.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the in-process app's request threads (Jetty's pool), read per thread: what serving the
 * requests cost, apart from the benchmark's own clients in the same JVM and from PostgreSQL. Steadier
 * than latency on a shared machine, so it is what an A/B comparison of a page's code reads.
 */
final class ServerCpu {
    private static final String POOL = "JettyServerThreadPool";
    private final Map<Long, Long> start;

    private ServerCpu(Map<Long, Long> start) {
        this.start = start;
    }

    static ServerCpu start() {
        return new ServerCpu(read());
    }

    /** Nanoseconds of CPU the request threads used since {@link #start}. */
    long nanos() {
        long total = 0;
        for (var entry : read().entrySet()) {
            total += entry.getValue() - start.getOrDefault(entry.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> read() {
        var threads = ManagementFactory.getThreadMXBean();
        var cpu = new HashMap<Long, Long>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(POOL)) {
                var nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
