package hearth.live;

import java.nio.charset.StandardCharsets;

/** The text/event-stream wire format: one frame per event, encoded once and written to every subscriber. */
public final class Sse {
    public static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private Sse() {}

    /**
     * A frame whose first data line names the topic and whose other lines carry {@code body}.
     * {@code id} 0 leaves the browser's last event id alone (ephemeral signals have none).
     */
    public static byte[] frame(long id, String event, String topic, String body) {
        var out = new StringBuilder(body.length() + topic.length() + 48);
        if (id > 0) {
            out.append("id: ").append(id).append('\n');
        }
        out.append("event: ").append(event).append('\n');
        out.append("data: ").append(topic).append('\n');
        int start = 0;
        int length = body.length();
        while (start <= length) {
            int end = nextLineEnd(body, start);
            out.append("data: ").append(body, start, end).append('\n');
            if (end == length) {
                break;
            }
            start = end + (body.charAt(end) == '\r' && end + 1 < length && body.charAt(end + 1) == '\n' ? 2 : 1);
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Tells the page to reload its regions of {@code topic}, in place of the events up to {@code id}
     * (0: none in particular), which then count as applied.
     */
    public static byte[] resync(long id, String topic) {
        return frame(id, "resync", topic, "");
    }

    private static int nextLineEnd(String body, int from) {
        for (int i = from; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return body.length();
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
