package hearth.customers;

/** How a customer first came to us. */
public enum CustomerSource {
    WEBSITE("Website"),
    REFERRAL("Referral"),
    EVENT("Event"),
    OUTBOUND("Outbound"),
    OTHER("Other");

    private final String label;

    CustomerSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
