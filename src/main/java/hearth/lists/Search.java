package hearth.lists;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns what someone types into a prefix-matching full-text query ("inv pay" finds "invoice payment"). */
public final class Search {
    private static final int MAX_WORDS = 8;

    private Search() {}

    /** A tsquery for the 'simple' configuration, or null when nothing searchable was typed. */
    public static String prefixQuery(String typed) {
        if (typed == null) {
            return null;
        }
        // Only letters and digits survive, so nothing typed can change the tsquery's syntax.
        var words = Arrays.stream(typed.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .limit(MAX_WORDS)
                .map(word -> word + ":*")
                .collect(Collectors.joining(" & "));
        return words.isEmpty() ? null : words;
    }
}
