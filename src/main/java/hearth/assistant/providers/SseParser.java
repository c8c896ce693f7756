package hearth.assistant.providers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framing of server-sent events (WHATWG "event stream" format), fed with bytes as they arrive.
 *
 * <p>Every complete line is handled as soon as its bytes are here and an event is dispatched at its
 * blank line, so nothing waits for a fuller buffer. Lines end in LF, CRLF or CR, and a CR at the end of
 * one read followed by an LF at the start of the next is one line end. Lines are only decoded once
 * complete, so a read that ends inside a multi-byte UTF-8 character is harmless. Data lines are joined
 * with "\n"; "data:" takes its value with or without one space; comment lines (":") are skipped.
 *
 * <p>Event data is handed over as bytes (the JSON parser reads them directly); the handler must not
 * keep the array. Event names the format announced are matched without allocating.
 */
final class SseParser {
    interface Handler {
        /** One event; type is null when it had no "event:" field. Returns true for the stream's terminator. */
        boolean onEvent(String type, byte[] data, int length) throws WireError;
    }

    static final int MAX_EVENT_BYTES = 4 << 20;
    private static final byte[] DATA = bytes("data");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] NEWLINE = {'\n'};

    private final Handler handler;
    private final String[] knownTypes;
    private final byte[][] knownTypeBytes;

    private byte[] line = new byte[512];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private String eventType;
    private boolean skipLineFeed;

    SseParser(Handler handler, String... knownTypes) {
        this.handler = handler;
        this.knownTypes = knownTypes.clone();
        this.knownTypeBytes = new byte[knownTypes.length][];
        for (int i = 0; i < knownTypes.length; i++) {
            knownTypeBytes[i] = bytes(knownTypes[i]);
        }
    }

    /** Feeds the next bytes of the stream. Returns true once the terminator was seen (the rest is not read). */
    boolean feed(byte[] buffer, int offset, int length) throws WireError {
        int end = offset + length;
        int i = offset;
        if (skipLineFeed && i < end) {
            skipLineFeed = false;
            if (buffer[i] == '\n') {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte b = buffer[i];
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            boolean terminated;
            if (lineLength == 0) {
                terminated = line(buffer, lineStart, i - lineStart);
            } else {
                appendLine(buffer, lineStart, i - lineStart);
                terminated = line(line, 0, lineLength);
                lineLength = 0;
            }
            i++;
            if (b == '\r') {
                if (i == end) {
                    skipLineFeed = true;
                } else if (buffer[i] == '\n') {
                    i++;
                }
            }
            if (terminated) {
                return true;
            }
            lineStart = i;
        }
        if (lineStart < end) {
            appendLine(buffer, lineStart, end - lineStart);
        }
        return false;
    }

    /**
     * The stream ended. A line without its line end is dropped (it may be cut off), but an event whose
     * lines are complete is dispatched even without the final blank line, as lenient clients do.
     * Returns true when that event was the terminator.
     */
    boolean finish() throws WireError {
        lineLength = 0;
        return dispatch();
    }

    private boolean line(byte[] bytes, int offset, int length) throws WireError {
        if (length == 0) {
            return dispatch();
        }
        if (bytes[offset] == ':') {
            return false;
        }
        int end = offset + length;
        int colon = offset;
        while (colon < end && bytes[colon] != ':') {
            colon++;
        }
        int valueStart = Math.min(colon + 1, end);
        if (valueStart < end && bytes[valueStart] == ' ') {
            valueStart++;
        }
        if (equals(bytes, offset, colon, DATA)) {
            if (hasData) {
                appendData(NEWLINE, 0, 1);
            }
            appendData(bytes, valueStart, end - valueStart);
            hasData = true;
        } else if (equals(bytes, offset, colon, EVENT)) {
            eventType = type(bytes, valueStart, end);
        }
        return false;
    }

    private boolean dispatch() throws WireError {
        String type = eventType;
        eventType = null;
        if (!hasData) {
            return false;
        }
        hasData = false;
        int length = dataLength;
        dataLength = 0;
        return handler.onEvent(type, data, length);
    }

    private String type(byte[] bytes, int start, int end) {
        for (int i = 0; i < knownTypeBytes.length; i++) {
            if (equals(bytes, start, end, knownTypeBytes[i])) {
                return knownTypes[i];
            }
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    private void appendLine(byte[] bytes, int offset, int length) throws WireError {
        line = ensure(line, lineLength + length);
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void appendData(byte[] bytes, int offset, int length) throws WireError {
        data = ensure(data, dataLength + length);
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    private static byte[] ensure(byte[] array, int needed) throws WireError {
        if (needed <= array.length) {
            return array;
        }
        if (needed > MAX_EVENT_BYTES) {
            throw WireError.malformed("an event larger than " + (MAX_EVENT_BYTES >> 20) + " MB");
        }
        return Arrays.copyOf(array, Math.min(MAX_EVENT_BYTES, Math.max(needed, array.length * 2)));
    }

    private static boolean equals(byte[] bytes, int start, int end, byte[] expected) {
        return Arrays.equals(bytes, start, end, expected, 0, expected.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
