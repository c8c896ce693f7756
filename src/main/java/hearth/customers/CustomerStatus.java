package hearth.customers;

/** Where a customer is in the sales funnel, in funnel order. */
public enum CustomerStatus {
    LEAD("Lead"),
    PROSPECT("Prospect"),
    ACTIVE("Active"),
    CHURNED("Churned");

    private final String label;

    CustomerStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String css() {
        return name().toLowerCase();
    }
}
