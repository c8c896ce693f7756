package hearth.lists;

import hearth.db.Values;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/** A WHERE clause built from filters: SQL text with named parameters only, never user text in the SQL. */
public final class Where {
    /**
     * Filter arrays and search words vary wildly in selectivity: a plan cached for one set of values
     * (PostgreSQL switches to a generic plan after five runs of a prepared statement) made a rare
     * search 15x slower. Never server-prepared, the statement is planned for its own values each time.
     */
    public static final StatementCustomizer PLANNED_FOR_ITS_VALUES = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    };

    private final List<String> clauses = new ArrayList<>();
    private final Map<String, Object> bindings = new LinkedHashMap<>();

    public Where and(String clause) {
        clauses.add(clause);
        return this;
    }

    public Where and(String clause, String name, Object value) {
        clauses.add(clause);
        bindings.put(name, value);
        return this;
    }

    /**
     * {@code column} is one of {@code values}. One value is written as an equality: PostgreSQL reads an
     * index for {@code = any(array)} without its order, so a list sorted by that index's next column
     * would read every match and sort them, where one value lets it read just the page in order.
     */
    public Where anyOf(String column, String name, Object[] values) {
        return values.length == 1
                ? and(column + " = :" + name, name, values[0])
                : and(column + " = any(:" + name + ")", name, values);
    }

    public Where bind(String name, Object value) {
        bindings.put(name, value);
        return this;
    }

    public Map<String, Object> bindings() {
        return Collections.unmodifiableMap(bindings);
    }

    public String sql() {
        return clauses.isEmpty() ? "true" : String.join(" and ", clauses);
    }

    public <S extends SqlStatement<S>> S bindTo(S statement) {
        bindings.forEach((name, value) -> Values.bind(statement, name, value));
        return statement.addCustomizer(PLANNED_FOR_ITS_VALUES);
    }

    /** The statement {@code sql} with this clause's values: equal keys mean the same query. */
    public String key(String sql) {
        var key = new StringBuilder(sql);
        bindings.forEach((name, value) -> key.append('\u0000').append(name).append('=')
                .append(value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value)));
        return key.toString();
    }

    public Where copy() {
        var copy = new Where();
        copy.clauses.addAll(clauses);
        copy.bindings.putAll(bindings);
        return copy;
    }
}
