package hearth.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hearth.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/** The LISTEN connection's sockets: the driver's "anything pending?" check answered at once, every other read untouched. */
class ListenSocketFactoryTest {

    @Test
    void theDriversPendingCheckIsAnsweredWithoutWaitingAndOtherReadsAreThePlainSockets() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new ListenSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             var accepted = server.accept()) {
            var in = client.getInputStream();

            client.setSoTimeout(1);
            var nothing = assertThrows(SocketTimeoutException.class, in::read);
            assertEquals(ListenSocketFactory.NOTHING_PENDING, nothing.getMessage());

            client.setSoTimeout(5);
            var waited = assertThrows(SocketTimeoutException.class, () -> in.read(new byte[8], 0, 8));
            assertNotEquals(ListenSocketFactory.NOTHING_PENDING, waited.getMessage(), "a longer timeout waits, as a plain socket does");

            accepted.getOutputStream().write("hi".getBytes());
            accepted.getOutputStream().flush();
            client.setSoTimeout(5_000);
            assertEquals('h', in.read(), "a read with a real timeout waits for the byte");
            client.setSoTimeout(1);
            var rest = new byte[8];
            assertEquals(1, in.read(rest, 0, 8), "with a byte waiting, the pending check reads it");
            assertEquals('i', rest[0]);
        }
    }

    @Test
    void aListenConnectionOnTheseSocketsGetsEveryNotificationInOrder() throws Exception {
        var database = TestDatabase.get().create();
        try {
            var properties = new Properties();
            properties.setProperty("socketFactory", ListenSocketFactory.class.getName());
            try (var listener = DriverManager.getConnection(database.jdbcUrl(), properties);
                 var notifier = DriverManager.getConnection(database.jdbcUrl())) {
                assertInstanceOf(ListenSocketFactory.ListenSocket.class, socketOf(listener));
                try (var statement = listener.createStatement()) {
                    statement.execute("listen hearth_test");
                }
                var pg = listener.unwrap(PGConnection.class);
                var received = new ArrayList<String>();
                for (var round = 0; round < 3; round++) {
                    try (var statement = notifier.createStatement()) {
                        // Three in one transaction arrive together; the driver's pending check must still see the second and third.
                        statement.execute("begin; select pg_notify('hearth_test', 'r" + round + "a'), pg_notify('hearth_test', 'r" + round
                                + "b'), pg_notify('hearth_test', 'r" + round + "c'); commit");
                    }
                    var deadline = System.nanoTime() + 10_000_000_000L;
                    while (received.size() < 3 * (round + 1) && System.nanoTime() < deadline) {
                        var notifications = pg.getNotifications(1_000);
                        if (notifications != null) {
                            for (var notification : notifications) {
                                received.add(notification.getParameter());
                            }
                        }
                    }
                }
                assertEquals(List.of("r0a", "r0b", "r0c", "r1a", "r1b", "r1c", "r2a", "r2b", "r2c"), received);
                var more = pg.getNotifications(50);
                assertEquals(0, more == null ? 0 : more.length, "nothing more");
            }
        } finally {
            TestDatabase.get().drop(database.name());
        }
    }

    /**
     * Over TLS the driver wraps our socket, and the "nothing pending" answer can come in the middle
     * of a TLS record: the JDK's TLS socket keeps what it has read and goes on at the next read. A
     * PostgreSQL with TLS on, a LISTEN connection that requires it, and notifications of every size
     * up to the 8,000-byte limit sent as fast as they can go: every one arrives whole and in order.
     */
    @Test
    void overTlsEveryNotificationArrivesWholeAndInOrder(@TempDir Path directory) throws Exception {
        var certificate = directory.resolve("server.crt");
        var key = directory.resolve("server.key");
        selfSignedCertificate(directory, certificate, key);
        try (var postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificate.toString())
                .setServerConfig("ssl_key_file", key.toString())
                .start()) {
            var url = postgres.getJdbcUrl("postgres", "postgres");
            var properties = new Properties();
            properties.setProperty("socketFactory", ListenSocketFactory.class.getName());
            properties.setProperty("sslmode", "require");
            try (var listener = DriverManager.getConnection(url, properties);
                 var notifier = DriverManager.getConnection(url)) {
                assertInstanceOf(SSLSocket.class, socketOf(listener), "the driver wrapped our socket in TLS");
                try (var statement = listener.createStatement();
                     var ssl = statement.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                    ssl.next();
                    assertEquals(true, ssl.getBoolean(1), "the server sees TLS");
                    statement.execute("listen hearth_test");
                }
                var expected = new ArrayList<String>();
                for (var i = 0; i < 600; i++) {
                    // Sizes from a few bytes to just under the limit, so records end everywhere.
                    expected.add(i + ":" + "x".repeat((i * 7_919) % 7_900));
                }
                var sent = CompletableFuture.runAsync(() -> sendAll(notifier, expected));
                var pg = listener.unwrap(PGConnection.class);
                var received = new ArrayList<String>();
                var deadline = System.nanoTime() + 30_000_000_000L;
                while (received.size() < expected.size() && System.nanoTime() < deadline) {
                    var notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (var notification : notifications) {
                            received.add(notification.getParameter());
                        }
                    }
                }
                sent.join();
                assertEquals(expected.size(), received.size(), "every notification arrived");
                for (var i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i), received.get(i), "notification " + i + " arrived whole, in its place");
                }
            }
        }
    }

    /** Three at a time in one transaction, without pause. */
    private static void sendAll(Connection notifier, List<String> payloads) {
        try (var statement = notifier.prepareStatement(
                "select pg_notify('hearth_test', ?), pg_notify('hearth_test', ?), pg_notify('hearth_test', ?)")) {
            for (var i = 0; i < payloads.size(); i += 3) {
                for (var j = 0; j < 3; j++) {
                    statement.setString(j + 1, payloads.get(i + j));
                }
                statement.executeQuery().close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key and self-signed certificate for the test server, made with the JDK's keytool. */
    private static void selfSignedCertificate(Path directory, Path certificate, Path key) throws Exception {
        var store = directory.resolve("server.p12");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        var keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        var privateKey = (PrivateKey) keys.getKey("server", "changeit".toCharArray());
        var pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(key, pem, StandardCharsets.US_ASCII);
        // PostgreSQL refuses a key that others can read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static void run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    /** The driver's socket, to prove the connection really runs on ours. */
    private static Object socketOf(java.sql.Connection connection) throws Exception {
        var executor = ((org.postgresql.core.BaseConnection) connection).getQueryExecutor();
        var field = org.postgresql.core.QueryExecutorBase.class.getDeclaredField("pgStream");
        field.setAccessible(true);
        return ((org.postgresql.core.PGStream) field.get(executor)).getSocket();
    }
}
