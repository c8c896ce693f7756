package hearth.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV straight onto a byte stream: fields separated by commas, rows ended by CRLF, a field
 * quoted when it holds a comma, quote, CR or LF, quotes inside doubled. Values arrive as UTF-8 bytes
 * (PostgreSQL's text form, untouched), so a row costs no decoding, no encoding and no Strings; the
 * characters that need care are all ASCII and never occur inside a multi-byte UTF-8 sequence.
 *
 * <p>Text typed by users is neutralized for spreadsheets: a cell starting with {@code = + - @}, tab
 * or CR would be run as a formula by Excel or LibreOffice (CSV injection), so it gets a leading
 * {@code '}, which spreadsheets treat as "this is text".
 */
public final class CsvWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] EMPTY = {};

    private final OutputStream out;
    private final byte[] buffer;
    private int length;
    private boolean rowStarted;

    public CsvWriter(OutputStream out) {
        this(out, 64 * 1024);
    }

    public CsvWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 64)];
    }

    /** Excel reads a CSV file as UTF-8 only when it starts with a byte order mark. */
    public void byteOrderMark() throws IOException {
        put(BOM, 0, BOM.length);
    }

    /** Text a user typed: quoted as needed and neutralized if a spreadsheet would execute it. */
    public void text(byte[] utf8) throws IOException {
        field(utf8 == null ? EMPTY : utf8, true);
    }

    public void text(String value) throws IOException {
        text(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A value of our own (number, code, date): quoted as needed, never altered. */
    public void value(byte[] utf8) throws IOException {
        field(utf8 == null ? EMPTY : utf8, false);
    }

    public void value(String value) throws IOException {
        value(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A timestamp in PostgreSQL's text form for a UTC session ({@code 2026-11-22 09:15:02.123456+00})
     * written as ISO 8601 in UTC to the second ({@code 2026-11-22T09:15:02Z}).
     */
    public void timestamp(byte[] utc) throws IOException {
        if (utc == null || utc.length < 19 || utc[10] != ' ' || utc[4] != '-' || utc[13] != ':') {
            value(utc);
            return;
        }
        separate();
        ensure(20);
        System.arraycopy(utc, 0, buffer, length, 10);
        buffer[length + 10] = 'T';
        System.arraycopy(utc, 11, buffer, length + 11, 8);
        buffer[length + 19] = 'Z';
        length += 20;
    }

    public void endRow() throws IOException {
        ensure(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
        rowStarted = false;
    }

    /** Hands what is buffered to the stream (and flushes the stream, so the client gets it now). */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void field(byte[] bytes, boolean userText) throws IOException {
        separate();
        var neutralize = userText && bytes.length > 0 && executable(bytes[0]);
        var quote = false;
        var quotes = 0;
        for (var b : bytes) {
            if (b == '"') {
                quote = true;
                quotes++;
            } else if (b == ',' || b == '\n' || b == '\r') {
                quote = true;
            }
        }
        if (!quote && !neutralize) {
            put(bytes, 0, bytes.length);
            return;
        }
        ensure(Math.min(bytes.length + quotes + 3, buffer.length));
        if (quote) {
            putByte((byte) '"');
        }
        if (neutralize) {
            putByte((byte) '\'');
        }
        if (quotes == 0) {
            put(bytes, 0, bytes.length);
        } else {
            var start = 0;
            for (var i = 0; i < bytes.length; i++) {
                if (bytes[i] == '"') {
                    put(bytes, start, i + 1 - start);
                    start = i;
                }
            }
            put(bytes, start, bytes.length - start);
        }
        if (quote) {
            putByte((byte) '"');
        }
    }

    private static boolean executable(byte first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    private void separate() throws IOException {
        if (rowStarted) {
            putByte((byte) ',');
        }
        rowStarted = true;
    }

    private void putByte(byte b) throws IOException {
        ensure(1);
        buffer[length++] = b;
    }

    private void put(byte[] bytes, int offset, int count) throws IOException {
        if (count > buffer.length - length) {
            drain();
            if (count > buffer.length) {
                out.write(bytes, offset, count);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int room) throws IOException {
        if (buffer.length - length < room) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (length > 0) {
            out.write(buffer, 0, length);
            length = 0;
        }
    }
}
