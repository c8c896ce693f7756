package hearth.auth;

import java.time.Instant;

public record User(long id, String email, String name, PlatformRole platformRole, Instant createdAt) {

    /** Support agents and platform admins: they see support conversations of every org. */
    public boolean isSupportStaff() {
        return platformRole.isSupportStaff();
    }

    public boolean isPlatformAdmin() {
        return platformRole == PlatformRole.PLATFORM_ADMIN;
    }

    public String initials() {
        var parts = name.trim().split("\\s+");
        var first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
        var last = parts.length > 1 ? parts[parts.length - 1].substring(0, 1) : "";
        return (first + last).toUpperCase();
    }
}
