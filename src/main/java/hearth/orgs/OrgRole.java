package hearth.orgs;

public enum OrgRole {
    OWNER("Owner"),
    ADMIN("Admin"),
    MEMBER("Member");

    private final String label;

    OrgRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean canManage() {
        return this == OWNER || this == ADMIN;
    }
}
