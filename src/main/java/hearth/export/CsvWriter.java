package hearth.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV straight onto a byte stream: fields separated by commas, rows ended by CRLF, a field
 * quoted when it holds a comma, quote, CR or LF, quotes inside doubled. Text arrives as UTF-8 bytes
 * (PostgreSQL's text form, untouched) and dates and timestamps in PostgreSQL's binary form, so a row
 * costs no decoding, no encoding and no Strings; the characters that need care are all ASCII and
 * never occur inside a multi-byte UTF-8 sequence.
 *
 * <p>Text typed by users is neutralized for spreadsheets: a cell starting with {@code = + - @}, tab
 * or CR would be run as a formula by Excel or LibreOffice (CSV injection), so it gets a leading
 * {@code '}, which spreadsheets treat as "this is text".
 */
public final class CsvWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] EMPTY = {};
    private static final long DAYS_1970_TO_2000 = 10_957;
    private static final long SECONDS_1970_TO_2000 = DAYS_1970_TO_2000 * 86_400;
    /** 0000-01-01 and 9999-12-31: four-digit years, written without java.time. */
    private static final long MIN_EPOCH_DAY = -719_528;
    private static final long MAX_EPOCH_DAY = 2_932_896;

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
     * A date as ISO (yyyy-mm-dd), from PostgreSQL's binary form (4 bytes: days since 2000-01-01) or its
     * text form, which already is ISO.
     */
    public void date(byte[] value, boolean binary) throws IOException {
        if (value == null || !binary || value.length != 4) {
            value(value);
            return;
        }
        var days = readInt(value);
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            value(days > 0 ? "infinity" : "-infinity");
            return;
        }
        var epochDay = days + DAYS_1970_TO_2000;
        if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
            value(java.time.LocalDate.ofEpochDay(epochDay).toString());
            return;
        }
        separate();
        ensure(10);
        putDate(epochDay);
    }

    /**
     * A timestamp as ISO 8601 in UTC to the second ({@code 2026-11-22T09:15:02Z}), from PostgreSQL's
     * binary form (8 bytes: microseconds since 2000-01-01 UTC) or its text form in a UTC session
     * ({@code 2026-11-22 09:15:02.123456+00}).
     */
    public void timestamp(byte[] value, boolean binary) throws IOException {
        if (value != null && binary && value.length == 8) {
            binaryTimestamp(readLong(value));
        } else if (value == null || value.length < 19 || value[10] != ' ' || value[4] != '-' || value[13] != ':') {
            value(value);
        } else {
            separate();
            ensure(20);
            System.arraycopy(value, 0, buffer, length, 10);
            buffer[length + 10] = 'T';
            System.arraycopy(value, 11, buffer, length + 11, 8);
            buffer[length + 19] = 'Z';
            length += 20;
        }
    }

    private void binaryTimestamp(long micros) throws IOException {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            value(micros > 0 ? "infinity" : "-infinity");
            return;
        }
        var seconds = Math.floorDiv(micros, 1_000_000L) + SECONDS_1970_TO_2000;
        var epochDay = Math.floorDiv(seconds, 86_400L);
        if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
            value(java.time.Instant.ofEpochSecond(seconds).toString());
            return;
        }
        var secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        separate();
        ensure(20);
        putDate(epochDay);
        buffer[length++] = 'T';
        putTwoDigits(secondOfDay / 3600);
        buffer[length++] = ':';
        putTwoDigits(secondOfDay / 60 % 60);
        buffer[length++] = ':';
        putTwoDigits(secondOfDay % 60);
        buffer[length++] = 'Z';
    }

    /** yyyy-mm-dd of a day since 1970-01-01 in years 0000–9999 (Hinnant's civil_from_days). */
    private void putDate(long epochDay) {
        var z = epochDay + 719_468;
        var era = Math.floorDiv(z, 146_097L);
        var dayOfEra = z - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int) (mp < 10 ? mp + 3 : mp - 9);
        var year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        putTwoDigits(year / 100);
        putTwoDigits(year % 100);
        buffer[length++] = '-';
        putTwoDigits(month);
        buffer[length++] = '-';
        putTwoDigits(day);
    }

    private void putTwoDigits(int value) {
        buffer[length++] = (byte) ('0' + value / 10);
        buffer[length++] = (byte) ('0' + value % 10);
    }

    private static int readInt(byte[] b) {
        return (int) readBigEndian(b);
    }

    private static long readLong(byte[] b) {
        return readBigEndian(b);
    }

    private static long readBigEndian(byte[] bytes) {
        var value = 0L;
        for (var b : bytes) {
            value = value << 8 | (b & 0xFF);
        }
        return value;
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
