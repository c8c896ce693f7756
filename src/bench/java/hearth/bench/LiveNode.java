package hearth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Hearth process ({@link LiveServer}) in a child JVM: start it, ask it for figures, stop it. */
final class LiveNode implements AutoCloseable {
    final String name;
    final int port;
    final long pid;
    private final Process process;
    private final PrintWriter commands;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private LiveNode(String name, int port, Process process) throws Exception {
        this.name = name;
        this.port = port;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        var log = Path.of("target/bench/live-" + name + ".log");
        var reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log)) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("@@")) {
                        replies.add(line.substring(2));
                    } else {
                        out.write(line);
                        out.newLine();
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "live-node-" + name);
        reader.setDaemon(true);
        reader.start();
        var ready = reply(120);
        if (!ready.startsWith("ready ")) {
            throw new IllegalStateException("Node " + name + " did not start (see " + log.toAbsolutePath() + "): " + ready);
        }
        this.pid = Long.parseLong(ready.split(" ")[2]);
    }

    /** Starts a node on a free port against {@code databaseUrl}; {@code jfr} records a profile of its whole life. */
    static LiveNode start(String name, String databaseUrl, int heartbeatSeconds, String heap, boolean jfr) throws Exception {
        return start(name, databaseUrl, heartbeatSeconds, heap, jfr, Map.of());
    }

    /** ... with more environment variables (say, an AI provider's settings). */
    static LiveNode start(String name, String databaseUrl, int heartbeatSeconds, String heap, boolean jfr,
                          Map<String, String> moreEnv) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(Path.of("target/bench"));
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        if (jfr) {
            // The profile settings, sampling every millisecond instead of every 10-20.
            var settings = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"))
                    .replaceAll("(<event name=\"jdk\\.(ExecutionSample|NativeMethodSample)\">\\s*<setting name=\"enabled\"[^>]*>true</setting>\\s*<setting name=\"period\"[^>]*>)[^<]*",
                            "$11 ms");
            var jfc = Path.of("target/bench/live.jfc");
            Files.writeString(jfc, settings);
            command.add("-XX:StartFlightRecording=settings=" + jfc.toAbsolutePath() + ",dumponexit=true,filename=target/bench/live-" + name + ".jfr");
        }
        command.addAll(List.of("-cp", classpath(), LiveServer.class.getName()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", databaseUrl);
        env.put("PORT", String.valueOf(port));
        env.put("DB_POOL_SIZE", "10");
        env.put("LIVE_HEARTBEAT_SECONDS", String.valueOf(heartbeatSeconds));
        env.putAll(moreEnv);
        return new LiveNode(name, port, builder.start());
    }

    /** The benchmark's own classpath (exec:java loads it in a class loader of its own, not java.class.path). */
    private static String classpath() {
        if (LiveNode.class.getClassLoader() instanceof URLClassLoader loader) {
            var parts = new ArrayList<String>();
            for (var url : loader.getURLs()) {
                try {
                    parts.add(Path.of(url.toURI()).toString());
                } catch (Exception e) {
                    throw new IllegalStateException("Odd classpath entry " + url, e);
                }
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    /** {@code stats}: cpu_ns, streams, threads, heap, jit_ms; {@code gc}: heap after full collections. */
    Map<String, Long> ask(String command) {
        commands.println(command);
        var reply = reply(60);
        var figures = new HashMap<String, Long>();
        for (var part : reply.split(" ")) {
            var eq = part.indexOf('=');
            if (eq > 0) {
                figures.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            }
        }
        return figures;
    }

    long cpuNanos() {
        return ask("stats").get("cpu_ns");
    }

    int streams() {
        return ask("stats").get("streams").intValue();
    }

    /** Open file descriptors of the process, as the kernel counts them against its limit. */
    int openFiles() {
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String reply(int seconds) {
        try {
            var reply = replies.poll(seconds, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("Node " + name + " did not answer within " + seconds + " s");
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        commands.println("quit");
        commands.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
