package hearth.assistant;

import java.math.BigDecimal;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** One row per request to a model, or answered from the cache: tokens, cost and timing. */
public interface UsageLog {
    record Entry(long orgId, Long userId, Long conversationId, String purpose, String model, String provider, String status,
                 int inputTokens, int outputTokens, boolean estimated, BigDecimal cost, boolean cached,
                 BigDecimal savedCost, Integer firstTokenMs, int totalMs, String error) {}

    @SqlUpdate("""
            insert into ai_requests (org_id, user_id, conversation_id, purpose, model, provider, status, input_tokens,
                                     output_tokens, estimated, cost, cached, saved_cost, first_token_ms, total_ms, error)
            values (:e.orgId, :e.userId, :e.conversationId, :e.purpose, :e.model, :e.provider, :e.status, :e.inputTokens,
                    :e.outputTokens, :e.estimated, :e.cost, :e.cached, :e.savedCost, :e.firstTokenMs, :e.totalMs, :e.error)
            """)
    void record(@BindMethods("e") Entry entry);
}
