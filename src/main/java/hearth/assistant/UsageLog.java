package hearth.assistant;

import java.math.BigDecimal;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * One row per request to a model, or answered from the cache: tokens, cost and timing. A plain
 * statement on the caller's handle: every answer writes one as it is saved.
 */
public final class UsageLog {
    public record Entry(long orgId, Long userId, Long conversationId, String purpose, String model, String provider, String status,
                        int inputTokens, int outputTokens, boolean estimated, BigDecimal cost, boolean cached,
                        BigDecimal savedCost, Integer firstTokenMs, int totalMs, String error) {}

    private UsageLog() {}

    /** A request that ends now. */
    public static void record(Handle handle, Entry entry) {
        record(handle, entry, null);
    }

    /** A request that ended at {@code endedAt} (null: now), e.g. an answer whose server died after its last save. */
    public static void record(Handle handle, Entry entry, Instant endedAt) {
        handle.createUpdate("""
                        insert into ai_requests (org_id, user_id, conversation_id, purpose, model, provider, status, input_tokens,
                                                 output_tokens, estimated, cost, cached, saved_cost, first_token_ms, total_ms, error,
                                                 created_at)
                        values (:e.orgId, :e.userId, :e.conversationId, :e.purpose, :e.model, :e.provider, :e.status, :e.inputTokens,
                                :e.outputTokens, :e.estimated, :e.cost, :e.cached, :e.savedCost, :e.firstTokenMs, :e.totalMs, :e.error,
                                coalesce(cast(:endedAt as timestamptz), now()))
                        """)
                .bindMethods("e", entry).bind("endedAt", endedAt).execute();
    }
}
