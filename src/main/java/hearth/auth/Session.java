package hearth.auth;

import java.time.Instant;

/** A browser's session: anonymous until login, then bound to one user. */
public record Session(String id, Long userId, String csrfToken, Long currentOrgId, String flash,
                      Instant lastSeenAt, Instant expiresAt) {}
