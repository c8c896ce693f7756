package hearth.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One choice of a filter or select: the value sent and the label shown. */
public record Option(String value, String label) {

    public static <E extends Enum<E>> List<Option> of(Class<E> type, Function<E, String> label) {
        var options = new ArrayList<Option>();
        for (var constant : type.getEnumConstants()) {
            options.add(new Option(constant.name(), label.apply(constant)));
        }
        return options;
    }

    /** One option per item, e.g. the org's members by user id and name. */
    public static <T> List<Option> of(List<T> items, Function<T, ?> value, Function<T, String> label) {
        return items.stream().map(item -> new Option(String.valueOf(value.apply(item)), label.apply(item))).toList();
    }

    /** The choice of one record by its id; null when there is none to choose. */
    public static Option ofId(Long id, String label) {
        return id == null ? null : new Option(String.valueOf(id), label);
    }

    /**
     * The options, then each of {@code kept} not among them (nulls skipped). A select whose options lack
     * the value its form holds shows, and sends, its first option instead: a form keeps the record it was
     * opened for, or the one it already has, even when that is not among the recent ones offered.
     */
    public static List<Option> keeping(List<Option> options, Option... kept) {
        var all = new ArrayList<>(options);
        for (var option : kept) {
            if (option != null && all.stream().noneMatch(o -> o.value().equals(option.value()))) {
                all.add(option);
            }
        }
        return all;
    }

    /** The filter choice for rows where the field is empty ("Unassigned", "No project"), then the others. */
    public static List<Option> noneThen(String label, List<Option> options) {
        var all = new ArrayList<Option>();
        all.add(new Option(Filters.NONE, label));
        all.addAll(options);
        return all;
    }
}
