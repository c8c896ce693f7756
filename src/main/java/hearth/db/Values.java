package hearth.db;

import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Common values bound as JDBC arguments of their own type. For every type a statement binds, Jdbi tries
 * its argument factories in turn, and for an array it builds a stream of candidates for the element type:
 * binding the task list's few values cost 7% of its CPU, and the session lookup's array of ids as much
 * again on every page.
 */
public final class Values {
    private Values() {}

    /** Binds {@code value} as its own type when it is a common one, else as Jdbi finds it. */
    public static <S extends SqlStatement<S>> S bind(S statement, String name, Object value) {
        var argument = argument(value);
        return argument != null ? statement.bind(name, argument) : statement.bind(name, value);
    }

    /** A {@code text[]}. */
    public static Argument texts(String[] values) {
        return (position, statement, ctx) -> statement.setArray(position, statement.getConnection().createArrayOf("text", values));
    }

    /** A {@code bigint[]}. */
    private static Argument numbers(Long[] values) {
        return (position, statement, ctx) -> statement.setArray(position, statement.getConnection().createArrayOf("bigint", values));
    }

    private static Argument argument(Object value) {
        if (value instanceof Long number) {
            return (position, statement, ctx) -> statement.setLong(position, number);
        } else if (value instanceof Integer number) {
            return (position, statement, ctx) -> statement.setInt(position, number);
        } else if (value instanceof String text) {
            return (position, statement, ctx) -> statement.setString(position, text);
        } else if (value instanceof Boolean bool) {
            return (position, statement, ctx) -> statement.setBoolean(position, bool);
        } else if (value instanceof Long[] numbers) {
            return numbers(numbers);
        } else if (value instanceof String[] texts) {
            return texts(texts);
        }
        return null;
    }
}
