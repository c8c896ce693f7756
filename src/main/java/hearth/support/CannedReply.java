package hearth.support;

import java.time.Instant;

/** A reply the support team keeps ready, with variables such as {@code {{user.name}}}. */
public record CannedReply(long id, String title, String body, Long createdBy, String createdByName, Instant createdAt,
                          Instant updatedAt) {}
