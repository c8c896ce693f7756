package hearth.orgs;

import java.time.Instant;

public record Member(long userId, String name, String email, OrgRole role, Instant joinedAt) {}
