package hearth.live;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;

/**
 * The sockets of the LISTEN connection ({@code socketFactory} of its JDBC URL). After every
 * notification the driver checks whether another message is pending by reading with a 1 ms
 * timeout, and when none is (the usual case) it has waited the whole millisecond before the
 * notification is handed over: a millisecond added to every live event, on every node. These
 * sockets answer that check at once: with SO_TIMEOUT at 1 ms and nothing readable, a read times out
 * without waiting. Every other read is the plain socket's. Over TLS the driver wraps this socket,
 * and the JDK's TLS socket keeps a record cut short by such a timeout and finishes it on the next read.
 */
public final class ListenSocketFactory extends SocketFactory {
    /** The driver's timeout for "is anything pending?" (PGStream.hasMessagePending). */
    private static final int PENDING_CHECK_MS = 1;
    static final String NOTHING_PENDING = "nothing pending";

    /** Made by the driver, from the class name. */
    public ListenSocketFactory() {}

    @Override
    public Socket createSocket() {
        return new ListenSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        var socket = new ListenSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    static final class ListenSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                var plain = super.getInputStream();
                in = new FilterInputStream(plain) {
                    @Override
                    public int read() throws IOException {
                        nothingPending(plain);
                        return plain.read();
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        nothingPending(plain);
                        return plain.read(bytes, offset, length);
                    }
                };
            }
            return in;
        }

        private void nothingPending(InputStream plain) throws IOException {
            if (getSoTimeout() == PENDING_CHECK_MS && plain.available() == 0) {
                throw new SocketTimeoutException(NOTHING_PENDING);
            }
        }
    }
}
