package hearth.assistant;

import java.math.BigDecimal;
import java.time.Instant;

/** One of a user's assistant conversations; {@code preview} is the start of its last message. */
public record Conversation(long id, long orgId, long userId, String title, boolean titled, Long modelId,
                           BigDecimal temperature, Instant createdAt, Instant updatedAt, String preview) {
}
