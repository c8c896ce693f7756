package hearth.orgs;

/** What an organization pays for, in ascending order: each tier has everything of the tiers below it. */
public enum Plan {
    FREE("Free"),
    BASIC("Basic"),
    PRO("Pro"),
    ENTERPRISE("Enterprise");

    private final String label;

    Plan(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this tier has what {@code other} has: FREE < BASIC < PRO < ENTERPRISE, and every tier includes itself. */
    public boolean includes(Plan other) {
        return compareTo(other) >= 0;
    }
}
