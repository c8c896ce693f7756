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
}
