package hearth.orgs;

import java.text.Normalizer;
import java.util.Locale;

/** URL slugs for organization names: "Zoë & Co." becomes "zoe-co". */
public final class Slugs {
    private static final int MAX_LENGTH = 40;

    private Slugs() {}

    public static String of(String name) {
        var ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        var slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "org" : slug;
    }

    public static String numbered(String base, int n) {
        return n <= 1 ? base : base + "-" + n;
    }
}
