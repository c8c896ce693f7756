package hearth.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hearth.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
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

    /** The driver's socket, to prove the connection really runs on ours. */
    private static Object socketOf(java.sql.Connection connection) throws Exception {
        var executor = ((org.postgresql.core.BaseConnection) connection).getQueryExecutor();
        var field = org.postgresql.core.QueryExecutorBase.class.getDeclaredField("pgStream");
        field.setAccessible(true);
        return ((org.postgresql.core.PGStream) field.get(executor)).getSocket();
    }
}
