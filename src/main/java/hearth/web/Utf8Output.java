package hearth.web;

import gg.jte.TemplateOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rendering built straight as UTF-8 bytes. The templates' own text arrives already encoded (jte's binary
 * static content) and is copied; only what the data adds is encoded here. Building a String instead meant
 * widening the whole page to UTF-16 at its first non-Latin-1 character, copying it out of the builder, and
 * encoding all of it again for the response.
 */
final class Utf8Output implements TemplateOutput {
    private byte[] bytes;
    private int length;

    Utf8Output(int capacity) {
        bytes = new byte[Math.max(capacity, 256)];
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int start, int end) {
        write(value, start, end, false, false);
    }

    /**
     * Escapes {@code value} while encoding it, in one pass over its chars, exactly as jte's {@code Escape}
     * does for a tag's body ({@code & < >}) or a quoted attribute's value ({@code " & ' <}).
     */
    void writeEscaped(String value, boolean attribute) {
        write(value, 0, value.length(), true, attribute);
    }

    private void write(String value, int start, int end, boolean escape, boolean attribute) {
        // At most five bytes per char (an escape such as "&amp;"); a char that is not escaped is at most
        // three bytes (a surrogate pair is four for two chars).
        ensure((escape ? 5 : 3) * (end - start));
        var out = bytes;
        var n = length;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (escape && escaped(c, attribute)) {
                    n = entity(out, n, c);
                } else {
                    out[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                out[n++] = (byte) (0xF0 | code >> 18);
                out[n++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | code & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out[n++] = '?'; // a lone surrogate, as String.getBytes encodes it
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        length = n;
    }

    private static boolean escaped(char c, boolean attribute) {
        return c == '&' || c == '<' || (attribute ? c == '"' || c == '\'' : c == '>');
    }

    private static int entity(byte[] out, int n, char c) {
        var entity = switch (c) {
            case '&' -> AMP;
            case '<' -> LT;
            case '>' -> GT;
            case '"' -> QUOT;
            default -> APOS;
        };
        System.arraycopy(entity, 0, out, n, entity.length);
        return n + entity.length;
    }

    private static final byte[] AMP = ascii("&amp;");
    private static final byte[] LT = ascii("&lt;");
    private static final byte[] GT = ascii("&gt;");
    private static final byte[] QUOT = ascii("&#34;");
    private static final byte[] APOS = ascii("&#39;");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    int length() {
        return length;
    }

    /** The buffer itself, valid up to {@link #length()}. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
