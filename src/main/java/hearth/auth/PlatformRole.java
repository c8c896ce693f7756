package hearth.auth;

public enum PlatformRole {
    USER("User"),
    SUPPORT_AGENT("Support agent"),
    PLATFORM_ADMIN("Platform admin");

    private final String label;

    PlatformRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Support agents and platform admins: they see support conversations of every org. */
    public boolean isSupportStaff() {
        return this == SUPPORT_AGENT || this == PLATFORM_ADMIN;
    }
}
