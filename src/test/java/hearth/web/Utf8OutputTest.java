package hearth.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8OutputTest {
    private static final String[] TEXTS = {"", "plain ascii", "Łukasz — café", "日本語のテキスト", "emoji 😀 and 🎉",
        "lone \uD800 high", "lone \uDC00 low", "ends high \uD83D", "<&>\"'", "\u007f\u0080\u07ff\u0800\uffff"};

    @Test
    void encodesWhatTheDataAddsAsStringGetBytesDoes() {
        for (var text : TEXTS) {
            var output = new Utf8Output(1);
            output.writeContent(text);
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes(output), text);
            assertEquals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), output.toString());
        }
    }

    @Test
    void aSliceIsEncodedAloneSoAPairCutInTwoIsTwoQuestionMarks() {
        var text = "a😀b";
        var output = new Utf8Output(1);
        output.writeContent(text, 0, 2);
        output.writeContent(text, 2, 4);
        assertEquals("a??b", output.toString());
        var whole = new Utf8Output(1);
        whole.writeContent(text, 1, 3);
        assertEquals("😀", whole.toString());
    }

    @Test
    void staticBytesAndTextInterleaveAndTheBufferGrowsPastItsFirstSize() {
        var output = new Utf8Output(1);
        var expected = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            output.writeBinaryContent("<td>".getBytes(StandardCharsets.UTF_8));
            var text = TEXTS[i % TEXTS.length];
            output.writeContent(text);
            output.writeBinaryContent("</td>".getBytes(StandardCharsets.UTF_8));
            expected.append("<td>").append(text).append("</td>");
        }
        assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), bytes(output));
        assertEquals(new String(expected.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), output.toString());
    }

    private static byte[] bytes(Utf8Output output) {
        return Arrays.copyOf(output.bytes(), output.length());
    }
}
