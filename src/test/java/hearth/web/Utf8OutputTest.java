package hearth.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pages are rendered straight into UTF-8: the bytes must be exactly what encoding the whole page would give. */
class Utf8OutputTest {

    @Test
    void writesWhatStringGetBytesWritesForEveryKindOfCharacter() throws IOException {
        var text = "plain ASCII, Latin-1 é ß, a dash — “quotes”, CJK 漢字, emoji 🔥👩‍💻, and the end";
        var output = new Utf8Output(1);
        output.writeContent(text);
        output.finish();
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), output.stream().readAllBytes());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, output.length());
    }

    @Test
    void aSurrogatePairSplitAcrossWritesIsOneCharacterAndALoneSurrogateIsAQuestionMark() {
        var emoji = "🔥";
        var output = new Utf8Output(16);
        output.writeContent(emoji, 0, 1);
        output.writeContent(emoji, 1, 2);
        output.writeContent("\uD83D"); // a high surrogate whose pair never comes
        output.writeContent("x\uDC00y");
        output.writeContent("\uD83D");
        output.finish();
        assertEquals("🔥?x?y?", new String(output.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void randomTextInRandomPiecesComesOutAsItsEncoding() {
        var random = new Random(42);
        for (int round = 0; round < 200; round++) {
            var text = new StringBuilder();
            for (int i = 0; i < random.nextInt(400); i++) {
                switch (random.nextInt(5)) {
                    case 0 -> text.append((char) random.nextInt(0x80));
                    case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));
                    case 2 -> text.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                    case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                    default -> text.append('<');
                }
            }
            var value = text.toString();
            var output = new Utf8Output(8);
            for (int at = 0; at < value.length(); ) {
                var end = Math.min(value.length(), at + 1 + random.nextInt(20));
                output.writeContent(value, at, end);
                at = end;
            }
            output.finish();
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), output.toByteArray(), value);
        }
    }
}
