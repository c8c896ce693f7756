package hearth.bench;

import hearth.App;
import hearth.Config;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * One Hearth process for the live benchmark, started by {@link LiveBench} as a child JVM (so the
 * app has its own file descriptor budget and its CPU time is its own). Configured by the usual
 * environment variables; answers commands on stdin with {@code @@}-prefixed lines on stdout, and
 * stops when stdin closes (the benchmark ended or died).
 */
public final class LiveServer {
    private LiveServer() {}

    public static void main(String[] args) throws Exception {
        var app = App.start(Config.fromEnv(), null);
        reply("ready " + app.port() + " " + ProcessHandle.current().pid());
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var heap = ManagementFactory.getMemoryMXBean();
        var jit = ManagementFactory.getCompilationMXBean();
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "stats" -> reply("stats cpu_ns=" + os.getProcessCpuTime()
                        + " streams=" + app.live().hub().streamCount()
                        + " threads=" + Thread.activeCount()
                        + " heap=" + heap.getHeapMemoryUsage().getUsed()
                        + " jit_ms=" + jit.getTotalCompilationTime());
                case "gc" -> {
                    // Several collections, so what is left is what the connections really hold.
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(200);
                    }
                    reply("gc heap=" + heap.getHeapMemoryUsage().getUsed());
                }
                case "quit" -> {
                    app.close();
                    reply("bye");
                    System.exit(0);
                }
                default -> reply("error unknown command " + line);
            }
        }
        app.close();
        System.exit(0);
    }

    private static void reply(String text) {
        synchronized (System.out) {
            System.out.println("@@" + text);
            System.out.flush();
        }
    }
}
