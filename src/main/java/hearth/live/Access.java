package hearth.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Takes back what a stream was authorized with. A stream's topics are checked when it opens; without
 * this, a member removed from an org (or a browser logged out) would go on receiving the org's rows,
 * presence and typing for as long as the connection lasts, which with one stream shared by all of a
 * browser's tabs can be days. A revocation is an outbox event, so it reaches every node, in the order
 * of the changes around it: each node closes the user's streams there, and a closed stream opens again
 * at once and is authorized anew, getting only the topics it may still read (and replaying what it
 * missed of those).
 */
public final class Access {
    /** No stream can subscribe to it ({@link Topics#mayRead} knows no such topic): nodes act on its events. */
    static final String TOPIC = "access";
    private static final String REVOKED = "access.revoked";
    private static final ObjectMapper json = new ObjectMapper();

    private Access() {}

    /**
     * {@code userId} lost something their streams may have been authorized with: a membership of org
     * {@code orgId} (they left or were removed), or a platform role that reads the support desk
     * ({@code orgId} null). Every stream of theirs is authorized anew.
     */
    public static void userRevoked(Handle handle, Long orgId, long userId) {
        Outbox.publish(handle, orgId, TOPIC, REVOKED, "{\"user\":" + userId + "}");
    }

    /** These sessions of {@code userId} ended (logout, a password change): the streams they opened close. */
    public static void sessionsEnded(Handle handle, long userId, Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        var keys = sessionIds.stream().map(id -> String.valueOf(sessionKey(id))).collect(Collectors.joining(","));
        Outbox.publish(handle, null, TOPIC, REVOKED, "{\"user\":" + userId + ",\"sessions\":[" + keys + "]}");
    }

    /**
     * What a stream and an event keep of a session: 8 bytes of a hash of its id, so that each of
     * thousands of idle streams holds a number rather than the id's string. Two sessions sharing a key
     * would only mean a stream closed that could have stayed open, and it opens again.
     */
    static long sessionKey(String sessionId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    /**
     * One revocation as a node received it: the streams of {@code userId}, all of them or those of the
     * sessions in {@code sessionKeys}, delivered at {@code deliveredAt} ({@link System#nanoTime}).
     */
    record Revocation(long userId, long[] sessionKeys, long deliveredAt) {
        static Revocation of(Event event, long deliveredAt) {
            try {
                var payload = json.readTree(event.payload());
                var sessions = payload.path("sessions");
                var keys = new long[sessions.size()];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = sessions.get(i).asLong();
                }
                return new Revocation(payload.path("user").asLong(), keys, deliveredAt);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Not a revocation: " + event.payload(), e);
            }
        }

        static boolean isOne(Event event) {
            return TOPIC.equals(event.topic());
        }

        /** Whether {@code stream} was opened with what this takes back. */
        boolean ends(Stream stream) {
            if (stream.userId() != userId) {
                return false;
            }
            if (sessionKeys.length == 0) {
                return true;
            }
            for (var key : sessionKeys) {
                if (key == stream.sessionKey()) {
                    return true;
                }
            }
            return false;
        }
    }
}
