package hearth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Hearth in a process of its own (the real jar's main class on the test classpath), on the same
 * database as a {@link TestApp}: a second node, which a test may stop cleanly or kill with SIGKILL.
 */
public final class ChildApp implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ChildApp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ChildApp start(String jdbcUrl, Map<String, String> settings) {
        var port = freePort();
        try {
            var log = Files.createTempFile("hearth-node-" + port + "-", ".log");
            var java = ProcessHandle.current().info().command().orElse("java");
            var builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "hearth.App")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("HEARTH_") || name.equals("DATABASE_URL") || name.equals("PORT"));
            env.put("PORT", String.valueOf(port));
            env.put("DATABASE_URL", jdbcUrl);
            env.put("DB_POOL_SIZE", "5");
            env.putAll(settings);
            var child = new ChildApp(builder.start(), port, log);
            child.awaitHealthy(Duration.ofSeconds(60));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, no stream is closed politely, its presences stay until the others clear them. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    private void awaitHealthy(Duration timeout) {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second Hearth process exited:\n" + logText());
            }
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("The second Hearth process did not become healthy:\n" + logText());
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
