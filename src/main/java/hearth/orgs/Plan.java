package hearth.orgs;

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
}
