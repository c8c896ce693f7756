package hearth.tasks;

public enum TaskStatus {
    TODO("To do"),
    IN_PROGRESS("In progress"),
    REVIEW("Review"),
    DONE("Done"),
    CANCELLED("Cancelled");

    private final String label;

    TaskStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String css() {
        return name().toLowerCase().replace('_', '-');
    }
}
