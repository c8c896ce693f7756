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

    /** The filter choice for rows where the field is empty ("Unassigned", "No project"), then the others. */
    public static List<Option> noneThen(String label, List<Option> options) {
        var all = new ArrayList<Option>();
        all.add(new Option(Filters.NONE, label));
        all.addAll(options);
        return all;
    }
}
