package hearth.export;

import hearth.lists.Filters;
import hearth.lists.ListQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How one filter of a list reads in words, for the PDF's heading and the activity entry. */
public interface FilterWords {

    /** "Status: To do, Done", or null when the filter is not set. */
    String describe(ListQuery query, Function<NameLookup, Names> names);

    static <E extends Enum<E>> FilterWords choice(String param, String label, Class<E> type, Function<E, String> names) {
        var labels = Arrays.stream(type.getEnumConstants()).collect(Collectors.toUnmodifiableMap(Enum::name, names));
        return (query, lookups) -> {
            var chosen = Filters.enumNames(query, param, type);
            return chosen.length == 0 ? null
                    : label + ": " + Arrays.stream(chosen).map(labels::get).collect(Collectors.joining(", "));
        };
    }

    /** Ids of a {@link NameLookup} ("none" for rows without one, named {@code noneLabel}). */
    static FilterWords names(String param, String label, NameLookup lookup, String noneLabel) {
        return (query, lookups) -> {
            var words = new ArrayList<String>();
            if (Filters.includesNone(query, param)) {
                words.add(noneLabel);
            }
            for (var id : Filters.ids(query, param)) {
                var name = lookups.apply(lookup).nameFromUrl(id);
                words.add(name == null || name.isEmpty() ? "#" + id : name);
            }
            return words.isEmpty() ? null : label + ": " + String.join(", ", words);
        };
    }

    /** A date range read from {@code <prefix>_from} and {@code <prefix>_to}. */
    static FilterWords dates(String prefix, String label) {
        return (query, lookups) -> {
            var from = query.date(prefix + "_from");
            var to = query.date(prefix + "_to");
            if (from == null && to == null) {
                return null;
            }
            if (from != null && to != null) {
                return label + ": " + from + " to " + to;
            }
            return from != null ? label + ": from " + from : label + ": until " + to;
        };
    }

    static FilterWords search() {
        return (query, lookups) -> query.q().isBlank() ? null : "Search: “" + query.q() + "”";
    }

    /** Every filter that is set, in words, then the sort. */
    static List<String> all(List<FilterWords> filters, ListQuery query, Function<NameLookup, Names> names) {
        var lines = new ArrayList<String>();
        for (var filter : filters) {
            var line = filter.describe(query, names);
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    static String sort(ListQuery query) {
        return "Sorted by " + query.sort().label() + ", " + (query.descending() ? "descending" : "ascending");
    }
}
