package hearth.lists;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of a list view, read from and written back to the URL, so that a filtered, sorted page
 * is a link, the back button works, and everything works without JavaScript.
 */
public final class ListQuery {
    public static final List<Integer> PAGE_SIZES = List.of(25, 50, 100);
    private static final Set<String> PAGING = Set.of("after", "before", "from");

    private final String basePath;
    private final Map<String, List<String>> params;
    private final List<SortKey> sortKeys;

    private ListQuery(String basePath, Map<String, List<String>> params, List<SortKey> sortKeys) {
        this.basePath = basePath;
        this.params = params;
        this.sortKeys = sortKeys;
    }

    /**
     * Keeps only the parameters this list understands, each value trimmed and bounded in length. The
     * filters go in alphabetical order: a {@code Set.of} iterates in an order that differs from one
     * process to the next, and the same view should have the same address on every node.
     */
    public static ListQuery from(Context ctx, String basePath, Set<String> names, List<SortKey> sortKeys) {
        var params = new LinkedHashMap<String, List<String>>();
        for (var name : names.stream().sorted().toList()) {
            var values = ctx.queryParams(name).stream()
                    .map(String::trim).filter(value -> !value.isEmpty() && value.length() <= 500)
                    .distinct().limit(200).toList();
            if (!values.isEmpty()) {
                params.put(name, values);
            }
        }
        for (var name : List.of("q", "sort", "dir", "size", "after", "before", "from")) {
            var value = ctx.queryParam(name);
            if (value != null && !value.isBlank() && value.length() <= 2000) {
                params.put(name, List.of(value.trim()));
            }
        }
        return new ListQuery(basePath, params, sortKeys);
    }

    public List<String> values(String name) {
        return params.getOrDefault(name, List.of());
    }

    public boolean has(String name, String value) {
        return values(name).contains(value);
    }

    public String value(String name) {
        var values = values(name);
        return values.isEmpty() ? "" : values.get(0);
    }

    public String q() {
        return value("q");
    }

    public LocalDate date(String name) {
        try {
            return value(name).isEmpty() ? null : LocalDate.parse(value(name));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public SortKey sort() {
        return sortKeys.stream().filter(key -> key.name().equals(value("sort"))).findFirst().orElse(sortKeys.get(0));
    }

    public boolean descending() {
        var dir = value("dir");
        return dir.isEmpty() ? sort().defaultDescending() : dir.equals("desc");
    }

    public int size() {
        var value = value("size");
        if (value.isEmpty()) {
            return 50; // the usual case, which must not cost an exception (its stack trace) on every list page
        }
        try {
            var size = Integer.parseInt(value);
            return PAGE_SIZES.contains(size) ? size : 50;
        } catch (NumberFormatException e) {
            return 50;
        }
    }

    public Cursor after() {
        return Cursor.decode(value("after")).filter(cursor -> sort().accepts(cursor.value())).orElse(null);
    }

    public Cursor before() {
        return Cursor.decode(value("before")).filter(cursor -> sort().accepts(cursor.value())).orElse(null);
    }

    /** 1-based position of the first row on this page, carried in the URL for "51–100 of 1,234". */
    public long from() {
        var value = value("from");
        if (value.isEmpty()) {
            return 1;
        }
        try {
            return Math.max(1, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Are any filters set (not counting sort, size and paging)? */
    public boolean filtered() {
        return params.keySet().stream().anyMatch(name -> !Set.of("sort", "dir", "size", "after", "before", "from").contains(name));
    }

    public String basePath() {
        return basePath;
    }

    /** This view's URL. */
    public String url() {
        return basePath + queryString(params);
    }

    /** The same view's URL with different paging: everything else is kept. */
    public String page(String direction, String cursor, long from) {
        var next = withoutPaging();
        next.put(direction, List.of(cursor));
        if (from > 1) {
            next.put("from", List.of(String.valueOf(from)));
        }
        return basePath + queryString(next);
    }

    public String firstPage() {
        return basePath + queryString(withoutPaging());
    }

    /** The link a column header points to: sort by it, flipping the direction when it is already the sort. */
    public String sortBy(String name) {
        var next = withoutPaging();
        var current = sort().name().equals(name);
        var key = sortKeys.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        var descending = current ? !descending() : key.defaultDescending();
        next.put("sort", List.of(name));
        next.put("dir", List.of(descending ? "desc" : "asc"));
        return basePath + queryString(next);
    }

    public String sortState(String name) {
        if (!sort().name().equals(name)) {
            return "none";
        }
        return descending() ? "descending" : "ascending";
    }

    /** Query string of the filters and sort only, for exports and "select all matching". */
    public String filterQueryString() {
        return queryString(withoutPaging());
    }

    public Map<String, List<String>> filterParams() {
        return withoutPaging();
    }

    private Map<String, List<String>> withoutPaging() {
        var copy = new LinkedHashMap<>(params);
        PAGING.forEach(copy::remove);
        return copy;
    }

    private static String queryString(Map<String, List<String>> params) {
        var parts = new ArrayList<String>();
        params.forEach((name, values) -> values.forEach(value ->
                parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }
}
