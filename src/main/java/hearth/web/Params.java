package hearth.web;

import io.javalin.http.BadRequestResponse;
import java.util.Arrays;

/** Reading request values that must be one of a fixed set. */
public final class Params {
    private Params() {}

    public static <E extends Enum<E>> E oneOf(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(value)).findFirst()
                .orElseThrow(() -> new BadRequestResponse("Unknown " + type.getSimpleName() + ": choose one of "
                        + Arrays.toString(type.getEnumConstants()) + "."));
    }
}
