package hearth.bulk;

/** A bulk request that was refused as a whole; nothing was changed. */
public final class BulkRefused extends RuntimeException {
    private final boolean tooMany;

    public BulkRefused(String message) {
        this(message, false);
    }

    private BulkRefused(String message, boolean tooMany) {
        super(message);
        this.tooMany = tooMany;
    }

    public static BulkRefused tooMany(BulkTarget target) {
        return new BulkRefused("Select at most " + BulkActions.MAX_SELECTED + " " + target.plural()
                + " at a time, or use “select all matching”.", true);
    }

    /** Refused for its size (413), rather than for the state of the rows (409). */
    public boolean tooMany() {
        return tooMany;
    }
}
