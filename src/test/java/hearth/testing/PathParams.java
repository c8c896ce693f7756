package hearth.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Real values for the path parameters of route templates, so tests can walk every route without a
 * hard-coded list of URLs. A value is looked up first by the segment before the parameter
 * ({@code "invitations/{id}"}), then by the parameter alone ({@code "{org}"}). A route with a
 * parameter that has no value fails loudly rather than being skipped.
 */
public final class PathParams {
    private static final Pattern PARAM = Pattern.compile("[{<]([^}>]+)[}>]");

    private final Map<String, String> values = new LinkedHashMap<>();

    public PathParams with(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    /** A copy with some values replaced, e.g. another org's slug with this org's ids. */
    public PathParams overriddenBy(PathParams other) {
        var copy = new PathParams();
        copy.values.putAll(values);
        copy.values.putAll(other.values);
        return copy;
    }

    public String fill(String routePath) {
        var segments = routePath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            var matcher = PARAM.matcher(segments[i]);
            if (!matcher.matches()) {
                continue;
            }
            var name = "{" + matcher.group(1) + "}";
            var scoped = i > 0 ? segments[i - 1] + "/" + name : name;
            var value = values.containsKey(scoped) ? values.get(scoped) : values.get(name);
            if (value == null) {
                throw new AssertionError("No test value for " + name + " in " + routePath + ": add \"" + scoped
                        + "\" or \"" + name + "\" to the PathParams built in Fixtures.pathParams");
            }
            segments[i] = value;
        }
        return String.join("/", segments);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
