package hearth.activity;

import java.time.Instant;

public record ActivityEntry(long id, Long actorId, String actorName, String action, String entityType,
                            Long entityId, String summary, Instant createdAt) {}
