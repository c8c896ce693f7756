package hearth.bulk;

/**
 * What a bulk action does to each row: {@code assignment} is an SQL assignment whose only parameter is
 * {@code :value} (e.g. {@code status = cast(:value as text)}), {@code summary} says it in words.
 */
public record BulkChange(String action, String assignment, String value, String summary) {

    /** Sets {@code column} (of SQL type {@code type}) to {@code value}; null sets it to null. */
    public static BulkChange set(String action, String column, String type, String value, String summary) {
        return new BulkChange(action, column + " = cast(:value as " + type + ")", value, summary);
    }

    /** A soft delete: the row stays, so undo can bring it back. */
    public static BulkChange delete() {
        return new BulkChange("delete", "deleted_at = now()", null, "Deleted");
    }

    public boolean deletes() {
        return action.equals("delete");
    }

    /** "Deleted 3 tasks", "Status → Done on 3 tasks". */
    public String describe(String rows) {
        return deletes() ? summary + " " + rows : summary + " on " + rows;
    }
}
