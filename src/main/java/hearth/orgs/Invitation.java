package hearth.orgs;

import java.time.Instant;

public record Invitation(long id, long orgId, String email, OrgRole role, String invitedByName,
                         Instant createdAt, Instant expiresAt, Instant acceptedAt, Instant revokedAt) {

    public enum Status { PENDING, ACCEPTED, REVOKED, EXPIRED }

    public Status status() {
        if (acceptedAt != null) {
            return Status.ACCEPTED;
        }
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return expiresAt.isBefore(Instant.now()) ? Status.EXPIRED : Status.PENDING;
    }

    public boolean pending() {
        return status() == Status.PENDING;
    }
}
