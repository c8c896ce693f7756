package hearth.assistant;

import hearth.assistant.providers.ChatRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Answers worth reusing, keyed by the SHA-256 of the model, the messages and the parameters. Only
 * requests that would give the same answer again are cached (temperature 0); a regenerate skips
 * the lookup, since the user asked for another answer.
 */
public final class ResponseCache {
    public record Hit(String text, int inputTokens, int outputTokens) {}

    private final Duration ttl;

    public ResponseCache(Duration ttl) {
        this.ttl = ttl;
    }

    public static boolean cacheable(ChatRequest request) {
        return request.temperature() == 0;
    }

    /** Every part length-prefixed, so no two different requests hash the same bytes. */
    public static byte[] key(Model model, ChatRequest request) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            part(digest, model.provider());
            part(digest, request.model());
            part(digest, Double.toString(request.temperature()));
            part(digest, Integer.toString(request.maxTokens()));
            for (var message : request.messages()) {
                part(digest, message.role());
                part(digest, message.content());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void part(MessageDigest digest, String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    /** A live entry, counting the hit. */
    public Optional<Hit> find(Handle handle, byte[] key) {
        return handle.createQuery("""
                        update ai_cache set hits = hits + 1
                        where key = :key and expires_at > now()
                        returning response, input_tokens, output_tokens
                        """)
                .bind("key", key)
                .map((rs, ctx) -> new Hit(rs.getString("response"), rs.getInt("input_tokens"), rs.getInt("output_tokens")))
                .findOne();
    }

    public void store(Handle handle, byte[] key, String model, String text, int inputTokens, int outputTokens) {
        handle.createUpdate("""
                        insert into ai_cache (key, model, response, input_tokens, output_tokens, expires_at)
                        values (:key, :model, :response, :input, :output, now() + make_interval(secs => :ttl))
                        on conflict (key) do update set response = excluded.response, input_tokens = excluded.input_tokens,
                            output_tokens = excluded.output_tokens, created_at = now(), expires_at = excluded.expires_at
                        """)
                .bind("key", key).bind("model", model).bind("response", text)
                .bind("input", inputTokens).bind("output", outputTokens).bind("ttl", ttl.toSeconds())
                .execute();
    }

    public static int pruneExpired(Handle handle) {
        return handle.createUpdate("delete from ai_cache where expires_at <= now()").execute();
    }
}
