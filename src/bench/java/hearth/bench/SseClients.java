package hearth.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many SSE subscribers in one process: plain non-blocking sockets on a few selector threads, about
 * a kilobyte each, so 19,000 of them fit next to the app. Each connection sends the request a
 * browser's EventSource would (GET with Accept: text/event-stream and the session cookie), reads
 * the chunked response and parses it into frames; for every frame with an {@code id:} line it
 * records the id and the {@link System#nanoTime()} of the read that completed the frame.
 *
 * <p>Token frames are recorded apart ({@link #drainTokens}): a frame of event {@code token} (Hearth's
 * assistant tokens) or without an event name (a provider's {@code data:} chunks, read directly)
 * whose data carries a stamp, {@code @} and digits, is recorded with that number in place of an id.
 */
final class SseClients implements AutoCloseable {
    /** Arrivals of typing signals are recorded with this id (they have none on the wire). */
    static final long TYPING = -1;

    private final Loop[] loops;
    private final InetSocketAddress[] servers;
    private final AtomicInteger next = new AtomicInteger();
    /** Connections that answered with their hello frame, and those that failed or were dropped. */
    final AtomicInteger ready = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    /** Resync frames received: a burst bigger than a stream holds, which the page would reload instead. */
    final AtomicInteger resyncs = new AtomicInteger();
    final AtomicLong lastHelloAt = new AtomicLong();

    /**
     * {@code hosts}: loopback addresses of the server (127.0.0.1, 127.0.0.2, …), used in turn so that
     * tens of thousands of connections (and the TIME_WAIT left by earlier ones) never run out of
     * ephemeral ports, which are counted per destination address.
     */
    SseClients(int threads, int port, int hosts, int window) throws IOException {
        servers = new InetSocketAddress[hosts];
        for (int i = 0; i < hosts; i++) {
            servers[i] = new InetSocketAddress("127.0.0." + (i + 1), port);
        }
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(i, Math.max(1, window / threads));
            loops[i].start();
        }
    }

    /** Starts {@code count} connections with {@code request(i)}; returns at once. */
    void open(int count, java.util.function.IntFunction<String> request) {
        open(count, request, true);
    }

    /**
     * {@code hello}: false for a server that sends no hello frame (a provider read directly): the
     * connection is ready once the response's headers say 200.
     */
    void open(int count, java.util.function.IntFunction<String> request, boolean hello) {
        for (int i = 0; i < count; i++) {
            var n = next.getAndIncrement();
            var connection = new Connection(servers[n % servers.length],
                    request.apply(n).getBytes(StandardCharsets.UTF_8), hello);
            loops[n % loops.length].pending.add(connection);
        }
        for (var loop : loops) {
            loop.selector.wakeup();
        }
    }

    /** Waits until {@code count} connections have said hello (or failed); false on timeout. */
    boolean awaitReady(int count, long timeoutMillis) throws InterruptedException {
        var until = System.currentTimeMillis() + timeoutMillis;
        while (ready.get() + failed.get() < count) {
            if (System.currentTimeMillis() > until) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    int open() {
        int open = 0;
        for (var loop : loops) {
            open += loop.open.get();
        }
        return open;
    }

    /** How many arrivals were recorded since the last drain. */
    long pendingCount() {
        long count = 0;
        for (var loop : loops) {
            synchronized (loop) {
                count += loop.arrivals.count;
            }
        }
        return count;
    }

    /** Every recorded (id, arrival) pair since the last drain. */
    Arrivals drain() {
        return drain(false);
    }

    /** Every recorded token since the last drain: its stamp (in {@code ids}) and its arrival. */
    Arrivals drainTokens() {
        return drain(true);
    }

    private Arrivals drain(boolean tokens) {
        var all = new Arrivals();
        for (var loop : loops) {
            synchronized (loop) {
                all.addAll(tokens ? loop.tokens : loop.arrivals);
                if (tokens) {
                    loop.tokens = new Arrivals();
                } else {
                    loop.arrivals = new Arrivals();
                }
            }
        }
        return all;
    }

    /** Closes every connection at once, as when the browsers (or their machine) go away. */
    void closeAll() throws InterruptedException {
        for (var loop : loops) {
            loop.closeAll = true;
            loop.selector.wakeup();
        }
        for (var loop : loops) {
            while (loop.closeAll) {
                Thread.sleep(1);
            }
        }
        ready.set(0);
        failed.set(0);
        ended.set(0);
        resyncs.set(0);
    }

    @Override
    public void close() throws InterruptedException {
        closeAll();
        for (var loop : loops) {
            loop.running = false;
            loop.selector.wakeup();
            loop.join();
        }
    }

    /** Event ids with their arrival times, in primitive arrays (millions of them per run). */
    static final class Arrivals {
        long[] ids = new long[1024];
        long[] nanos = new long[1024];
        int count;

        void add(long id, long at) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            ids[count] = id;
            nanos[count++] = at;
        }

        void addAll(Arrivals other) {
            for (int i = 0; i < other.count; i++) {
                add(other.ids[i], other.nanos[i]);
            }
        }
    }

    private static final int HEADERS = 0;
    private static final int CHUNK_SIZE = 1;
    private static final int CHUNK_DATA = 2;
    private static final int CHUNK_END = 3;
    private static final int IDENTITY = 4;

    private final class Connection {
        final InetSocketAddress server;
        final ByteBuffer request;
        final boolean hello;
        SocketChannel channel;
        int state = HEADERS;
        final StringBuilder headers = new StringBuilder(256);
        long chunkLeft;
        boolean sawHello;
        // The current SSE line: only its first bytes matter (id:, event:), data lines are skipped.
        final byte[] line = new byte[32];
        int lineLength;
        long frameId;
        boolean frameTyping;
        boolean frameHello;
        /** The frame names an event other than {@code token}: a stamp in it is not a token's. */
        boolean frameOther;
        boolean frameResync;
        boolean inStamp;
        long stamp;
        long frameStamp;

        Connection(InetSocketAddress server, byte[] request, boolean hello) {
            this.server = server;
            this.request = ByteBuffer.wrap(request);
            this.hello = hello;
        }
    }

    private final class Loop extends Thread {
        final Selector selector;
        final ConcurrentLinkedQueue<Connection> pending = new ConcurrentLinkedQueue<>();
        final List<Connection> connections = new ArrayList<>();
        final AtomicInteger open = new AtomicInteger();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        final int window;
        int connecting;
        volatile boolean running = true;
        volatile boolean closeAll;
        Arrivals arrivals = new Arrivals();
        Arrivals tokens = new Arrivals();

        Loop(int index, int window) throws IOException {
            super("sse-client-" + index);
            setDaemon(true);
            this.selector = Selector.open();
            this.window = window;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    if (closeAll) {
                        for (var connection : connections) {
                            closeQuietly(connection);
                        }
                        connections.clear();
                        pending.clear();
                        connecting = 0;
                        open.set(0);
                        closeAll = false;
                    }
                    // Like browsers reconnecting after a restart, but never more at once than the
                    // kernel's listen backlog holds (a dropped SYN costs a one-second retry).
                    Connection connection;
                    while (connecting < window && (connection = pending.poll()) != null) {
                        start(connection);
                    }
                    selector.select(connecting > 0 || !pending.isEmpty() ? 1 : 100);
                    for (var iterator = selector.selectedKeys().iterator(); iterator.hasNext(); ) {
                        var key = iterator.next();
                        iterator.remove();
                        var c = (Connection) key.attachment();
                        try {
                            if (key.isConnectable()) {
                                c.channel.finishConnect();
                                key.interestOps(SelectionKey.OP_WRITE);
                            } else if (key.isWritable()) {
                                c.channel.write(c.request);
                                if (!c.request.hasRemaining()) {
                                    key.interestOps(SelectionKey.OP_READ);
                                }
                            } else if (key.isReadable()) {
                                read(c);
                            }
                        } catch (IOException e) {
                            fail(c, key);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    e.printStackTrace();
                }
            }
            for (var connection : connections) {
                closeQuietly(connection);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void start(Connection c) {
            try {
                c.channel = SocketChannel.open();
                c.channel.configureBlocking(false);
                c.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                // Small kernel buffers, like a browser's idle stream: 19,000 of them must fit.
                c.channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 32 * 1024);
                var connected = c.channel.connect(c.server);
                c.channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
                connections.add(c);
                open.incrementAndGet();
                connecting++;
            } catch (IOException e) {
                failed.incrementAndGet();
                closeQuietly(c);
            }
        }

        private void fail(Connection c, SelectionKey key) {
            key.cancel();
            closeQuietly(c);
            open.decrementAndGet();
            if (!c.sawHello) {
                connecting--;
                failed.incrementAndGet();
            } else {
                ended.incrementAndGet();
            }
        }

        /**
         * Each read is timed when it returns: one time for a whole batch of ready connections was taken
         * before reading the later ones, which by then could hold frames committed after it (a frame
         * arrived "before" its commit, and no later than the batch's slowest read).
         */
        private void read(Connection c) throws IOException {
            while (true) {
                buffer.clear();
                var n = c.channel.read(buffer);
                var now = System.nanoTime();
                if (n < 0) {
                    throw new IOException("closed by the server");
                }
                if (n == 0) {
                    return;
                }
                buffer.flip();
                parse(c, now);
                if (n < buffer.capacity()) {
                    return;
                }
            }
        }

        private void parse(Connection c, long now) throws IOException {
            while (buffer.hasRemaining()) {
                switch (c.state) {
                    case HEADERS -> {
                        var b = (char) (buffer.get() & 0xff);
                        c.headers.append(b);
                        var h = c.headers;
                        var length = h.length();
                        if (b == '\n' && length >= 4 && h.charAt(length - 2) == '\r' && h.charAt(length - 3) == '\n') {
                            var text = h.toString();
                            if (!text.startsWith("HTTP/1.1 200")) {
                                throw new IOException("stream refused: " + text.lines().findFirst().orElse(""));
                            }
                            c.state = text.toLowerCase().contains("transfer-encoding: chunked") ? CHUNK_SIZE : IDENTITY;
                            h.setLength(0);
                            h.trimToSize();
                            if (!c.hello) {
                                ready(c, now);
                            }
                        }
                    }
                    case CHUNK_SIZE -> {
                        var b = buffer.get();
                        if (b == '\n') {
                            var size = c.headers.toString().trim();
                            var semicolon = size.indexOf(';');
                            c.chunkLeft = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
                            c.headers.setLength(0);
                            if (c.chunkLeft == 0) {
                                throw new IOException("stream ended by the server");
                            }
                            c.state = CHUNK_DATA;
                        } else if (b != '\r') {
                            c.headers.append((char) b);
                        }
                    }
                    case CHUNK_DATA -> {
                        var take = (int) Math.min(c.chunkLeft, buffer.remaining());
                        for (int i = 0; i < take; i++) {
                            sse(c, buffer.get(), now);
                        }
                        c.chunkLeft -= take;
                        if (c.chunkLeft == 0) {
                            c.state = CHUNK_END;
                            c.chunkLeft = 2;
                        }
                    }
                    case CHUNK_END -> {
                        buffer.get();
                        if (--c.chunkLeft == 0) {
                            c.state = CHUNK_SIZE;
                        }
                    }
                    default -> sse(c, buffer.get(), now);
                }
            }
        }

        private void ready(Connection c, long now) {
            c.sawHello = true;
            connecting--;
            ready.incrementAndGet();
            lastHelloAt.accumulateAndGet(now, Math::max);
        }

        /** One byte of the event stream: lines, and frames ending with an empty line. */
        private void sse(Connection c, byte b, long now) {
            if (c.inStamp && (b < '0' || b > '9')) {
                c.inStamp = false;
                c.frameStamp = c.stamp;
            } else if (c.inStamp) {
                c.stamp = c.stamp * 10 + (b - '0');
            } else if (b == '@') {
                c.inStamp = true;
                c.stamp = 0;
            }
            if (b != '\n') {
                if (c.lineLength < c.line.length) {
                    c.line[c.lineLength] = b;
                }
                c.lineLength++;
                return;
            }
            var length = c.lineLength;
            c.lineLength = 0;
            if (length == 0) {
                if (c.frameResync) {
                    resyncs.incrementAndGet(); // it has the id of the newest event it stands for: not a delivery
                } else if (c.frameId > 0) {
                    record(c.frameId, now);
                } else if (c.frameTyping) {
                    record(TYPING, now);
                } else if (c.frameHello && !c.sawHello) {
                    ready(c, now);
                } else if (c.frameStamp > 0 && !c.frameOther) {
                    recordToken(c.frameStamp, now);
                }
                c.frameId = 0;
                c.frameTyping = false;
                c.frameHello = false;
                c.frameOther = false;
                c.frameResync = false;
                c.frameStamp = 0;
                return;
            }
            var line = c.line;
            if (length > 4 && line[0] == 'i' && line[1] == 'd' && line[2] == ':' && line[3] == ' ') {
                long id = 0;
                for (int i = 4; i < Math.min(length, line.length); i++) {
                    id = id * 10 + (line[i] - '0');
                }
                c.frameId = id;
            } else if (length >= 7 && line[0] == 'e' && line[1] == 'v' && line[5] == ':') {
                var name = new String(line, 7, Math.min(length, line.length) - 7, StandardCharsets.US_ASCII);
                c.frameTyping = name.equals("typing");
                c.frameHello = name.equals("hello");
                c.frameOther = !name.equals("token");
                c.frameResync = name.equals("resync");
            }
        }

        private synchronized void record(long id, long now) {
            arrivals.add(id, now);
        }

        private synchronized void recordToken(long stamp, long now) {
            tokens.add(stamp, now);
        }

        private void closeQuietly(Connection c) {
            try {
                if (c.channel != null) {
                    c.channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
