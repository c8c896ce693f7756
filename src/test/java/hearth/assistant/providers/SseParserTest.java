package hearth.assistant.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    /** Collects events as "type|data"; "[DONE]" is the terminator. */
    private static final class Events implements SseParser.Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public boolean onEvent(String type, byte[] data, int length) {
            String text = new String(data, 0, length, StandardCharsets.UTF_8);
            seen.add(type + "|" + text);
            return text.equals("[DONE]");
        }
    }

    private static List<String> parse(String stream, int... cuts) throws WireError {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        var events = new Events();
        var parser = new SseParser(events, "message_start", "content_block_delta");
        int from = 0;
        boolean done = false;
        for (int cut : cuts) {
            done = done || parser.feed(bytes, from, cut - from);
            from = cut;
        }
        done = done || parser.feed(bytes, from, bytes.length - from);
        if (!done) {
            parser.finish();
        }
        return events.seen;
    }

    @Test
    void eventsAreDispatchedAtTheirBlankLine() throws WireError {
        assertEquals(List.of("null|{\"a\":1}", "null|{\"b\":2}"), parse("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"));
    }

    @Test
    void commentLinesAreSkipped() throws WireError {
        assertEquals(List.of("null|x"), parse(": OPENROUTER PROCESSING\n\n:\n\ndata: x\n\n: trailing\n\n"));
    }

    @Test
    void crlfAndCrAndLfLineEndingsAllWork() throws WireError {
        var expected = List.of("message_start|a", "null|b");
        assertEquals(expected, parse("event: message_start\r\ndata: a\r\n\r\ndata: b\r\n\r\n"));
        assertEquals(expected, parse("event: message_start\rdata: a\r\rdata: b\r\r"));
        assertEquals(expected, parse("event: message_start\ndata: a\n\ndata: b\n\n"));
    }

    @Test
    void aCarriageReturnAtTheEndOfOneReadAndALineFeedAtTheStartOfTheNextAreOneLineEnd() throws WireError {
        String stream = "data: a\r\n\r\ndata: b\r\n\r\n";
        int afterFirstCr = stream.indexOf('\r') + 1;
        assertEquals(List.of("null|a", "null|b"), parse(stream, afterFirstCr));
        int afterSecondCr = stream.indexOf('\r', afterFirstCr + 1) + 1;
        assertEquals(List.of("null|a", "null|b"), parse(stream, afterSecondCr));
    }

    @Test
    void anEventSplitAtAnyByteGivesTheSameEventsEvenInsideAMultiByteCharacter() throws WireError {
        String stream = "event: content_block_delta\r\ndata: {\"text\":\"héllo 日本 🎉\"}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n";
        List<String> whole = parse(stream);
        assertEquals(List.of("content_block_delta|{\"text\":\"héllo 日本 🎉\"}", "null|[DONE]"), whole);
        int length = stream.getBytes(StandardCharsets.UTF_8).length;
        for (int cut = 1; cut < length; cut++) {
            assertEquals(whole, parse(stream, cut), "cut at byte " + cut);
        }
        int[] everyByte = new int[length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(whole, parse(stream, everyByte));
    }

    @Test
    void severalDataLinesAreJoinedWithNewlines() throws WireError {
        assertEquals(List.of("null|first\nsecond\n"), parse("data: first\ndata:second\ndata\n\n"));
    }

    @Test
    void dataTakesItsValueWithOrWithoutOneSpace() throws WireError {
        assertEquals(List.of("null|x", "null|y", "null| z"), parse("data: x\n\ndata:y\n\ndata:  z\n\n"));
    }

    @Test
    void anEventNameWithoutDataIsNotDispatchedAndDoesNotLeakIntoTheNextEvent() throws WireError {
        assertEquals(List.of("null|x"), parse("event: message_start\n\ndata: x\n\n"));
    }

    @Test
    void unknownFieldsAndEventNamesPassThrough() throws WireError {
        assertEquals(List.of("something_new|x"), parse("id: 7\nretry: 100\nevent: something_new\ndata: x\n\n"));
    }

    @Test
    void theTerminatorStopsParsingAtOnce() throws WireError {
        assertEquals(List.of("null|[DONE]"), parse("data: [DONE]\n\ndata: after\n\n"));
    }

    @Test
    void atTheEndOfTheStreamAnEventWithCompleteLinesIsDispatchedButACutOffLineIsNot() throws WireError {
        assertEquals(List.of("null|[DONE]"), parse("data: [DONE]\n"));
        assertEquals(List.of(), parse("data: {\"cut\":"));
    }

    @Test
    void theParserSaysWhenTheTerminatorCameAtTheEnd() throws WireError {
        var parser = new SseParser(new Events());
        byte[] bytes = "data: [DONE]\n".getBytes(StandardCharsets.UTF_8);
        assertFalse(parser.feed(bytes, 0, bytes.length));
        assertTrue(parser.finish());
    }

    @Test
    void anEventLargerThanTheLimitIsMalformed() {
        var parser = new SseParser(new Events());
        byte[] big = new byte[SseParser.MAX_EVENT_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        big[0] = 'd';
        big[1] = 'a';
        big[2] = 't';
        big[3] = 'a';
        big[4] = ':';
        var error = assertThrows(WireError.class, () -> parser.feed(big, 0, big.length));
        assertEquals(ProviderException.Kind.MALFORMED, error.kind);
    }
}
