package hearth.lists;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Where a keyset page starts: the sort value (PostgreSQL's text form) and id of the row before it. */
public record Cursor(String value, long id) {

    public String encode() {
        var raw = value + "\u0000" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything that is not a cursor we made: a tampered cursor just starts at the first page. */
    public static Optional<Cursor> decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > 2000) {
            return Optional.empty();
        }
        try {
            var raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            var split = raw.lastIndexOf('\u0000');
            if (split < 0) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(raw.substring(0, split), Long.parseLong(raw.substring(split + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
