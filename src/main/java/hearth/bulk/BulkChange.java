package hearth.bulk;

/**
 * What a bulk action does to each row: {@code assignment} is an SQL assignment whose only parameter is
 * {@code :value} (e.g. {@code status = cast(:value as text)}), {@code summary} says it in words.
 */
public record BulkChange(String action, String assignment, String value, String summary) {

    public boolean deletes() {
        return action.equals("delete");
    }
}
