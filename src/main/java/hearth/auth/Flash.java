package hearth.auth;

/** A message for the next page, optionally with an undo action; stored as one text in the session. */
public record Flash(String message, String undoPath) {
    static final String SEPARATOR = "\u001F";

    public static Flash parse(String stored) {
        if (stored == null) {
            return null;
        }
        var split = stored.indexOf(SEPARATOR);
        return split < 0 ? new Flash(stored, null) : new Flash(stored.substring(0, split), stored.substring(split + 1));
    }
}
