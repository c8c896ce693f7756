package hearth.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/** A WHERE clause built from filters: SQL text with named parameters only, never user text in the SQL. */
public final class Where {
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

    public Where bind(String name, Object value) {
        bindings.put(name, value);
        return this;
    }

    public String sql() {
        return clauses.isEmpty() ? "true" : String.join(" and ", clauses);
    }

    public <S extends SqlStatement<S>> S bindTo(S statement) {
        bindings.forEach(statement::bind);
        return statement;
    }

    public Where copy() {
        var copy = new Where();
        copy.clauses.addAll(clauses);
        copy.bindings.putAll(bindings);
        return copy;
    }
}
