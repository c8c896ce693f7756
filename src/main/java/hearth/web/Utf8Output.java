package hearth.web;

import gg.jte.TemplateOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A page rendered straight into UTF-8 bytes. Rendering into a string first meant growing it several
 * times, holding the whole page as UTF-16 once any character is not Latin-1 (a dash is enough), and
 * encoding it again at the end: a third of a page's rendering time. The caller sizes the buffer from
 * the page's last rendering, so it rarely grows.
 */
final class Utf8Output implements TemplateOutput {
    private byte[] bytes;
    private int length;
    /** The first half of a surrogate pair whose second half comes with the next write. */
    private char pendingHigh;

    Utf8Output(int capacity) {
        bytes = new byte[Math.max(capacity, 1024)];
    }

    int length() {
        return length;
    }

    /** The bytes written, without copying them. */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int begin, int end) {
        var needed = length + 3 * (end - begin) + 4;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        var out = bytes;
        var at = length;
        for (int i = begin; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x80 && pendingHigh == 0) {
                out[at++] = (byte) c;
            } else if (pendingHigh != 0) {
                if (Character.isLowSurrogate(c)) {
                    at = writeCodePoint(out, at, Character.toCodePoint(pendingHigh, c));
                    pendingHigh = 0;
                } else {
                    pendingHigh = 0;
                    out[at++] = '?'; // a lone surrogate, written as String.getBytes writes it
                    i--;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    /** Ends the page: a surrogate still waiting for its pair is written as a lone one. */
    void finish() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            writeContent("?");
        }
    }

    private static int writeCodePoint(byte[] out, int at, int codePoint) {
        out[at++] = (byte) (0xF0 | (codePoint >> 18));
        out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (codePoint & 0x3F));
        return at;
    }
}
