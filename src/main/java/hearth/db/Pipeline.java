package hearth.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Several queries sent to PostgreSQL at once and answered in one round trip. The driver sends each
 * statement of a multi-statement query with its own parameters and waits once, at the end, instead of
 * once per query; under load every wait is also a wait for a core, so a request that needs four
 * independent reads before it can do anything waits once instead of four times.
 *
 * <p>The queries share one set of named bindings (a name means the same value in each) and run in one
 * implicit transaction when the handle has none of its own.
 */
public final class Pipeline {
    /** One query of a pipeline and how its rows are read. */
    public record Query<T>(String sql, RowMapper<T> mapper) {
        public Query {
            if (sql.contains(";")) {
                throw new IllegalArgumentException("One statement per query: " + sql);
            }
        }
    }

    /** A query with the values it is bound to. */
    public record Bound<T>(Query<T> query, Map<String, ?> bindings) {}

    /** Each query's rows, in the query's order. */
    public static final class Results {
        private final Map<Query<?>, List<?>> rows;

        private Results(Map<Query<?>, List<?>> rows) {
            this.rows = rows;
        }

        @SuppressWarnings("unchecked")
        public <T> List<T> of(Query<T> query) {
            var list = rows.get(query);
            if (list == null) {
                throw new IllegalArgumentException("Not a query of this pipeline: " + query.sql());
            }
            return (List<T>) list;
        }

        public <T> List<T> of(Bound<T> bound) {
            return of(bound.query());
        }
    }

    private Pipeline() {}

    public static Results run(Handle handle, Map<String, ?> bindings, List<Query<?>> queries) {
        return run(handle, bindings, queries, null);
    }

    /** The queries with {@code customizer} (if not null) applied to their statement. */
    public static Results run(Handle handle, Map<String, ?> bindings, List<Query<?>> queries, StatementCustomizer customizer) {
        if (queries.isEmpty()) {
            return new Results(Map.of());
        }
        var sql = queries.stream().map(Query::sql).collect(Collectors.joining(";\n"));
        var statement = handle.createQuery(sql);
        bindings.forEach((name, value) -> Values.bind(statement, name, value));
        if (customizer != null) {
            statement.addCustomizer(customizer);
        }
        return statement.execute((executed, ctx) -> {
            var results = new IdentityHashMap<Query<?>, List<?>>();
            var prepared = executed.get();
            try {
                for (int i = 0; i < queries.size(); i++) {
                    if (i > 0 && !prepared.getMoreResults()) {
                        throw new IllegalStateException("Query " + (i + 1) + " of a pipeline returned no result set: " + sql);
                    }
                    results.put(queries.get(i), rows(queries.get(i), prepared.getResultSet(), ctx));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Reading the results of a pipeline failed: " + sql, e);
            }
            return new Results(results);
        });
    }

    public static Results run(Handle handle, Map<String, ?> bindings, Query<?>... queries) {
        return run(handle, bindings, Stream.of(queries).toList());
    }

    /** The queries of {@code reads}, bound to all their values: a name bound by two must mean the same value. */
    public static Results run(Handle handle, List<Bound<?>> reads, StatementCustomizer customizer) {
        var bindings = new HashMap<String, Object>();
        for (var read : reads) {
            read.bindings().forEach((name, value) -> {
                if (bindings.containsKey(name) && !Objects.deepEquals(bindings.get(name), value)) {
                    throw new IllegalArgumentException("Two queries of a pipeline bind :" + name + " to different values");
                }
                bindings.put(name, value);
            });
        }
        return run(handle, bindings, reads.stream().<Query<?>>map(Bound::query).toList(), customizer);
    }

    /** One bound query's rows. */
    public static <T> List<T> read(Handle handle, Bound<T> read) {
        return run(handle, read.bindings(), List.of(read.query())).of(read);
    }

    private static <T> List<T> rows(Query<T> query, ResultSet resultSet, StatementContext ctx) throws SQLException {
        var rows = new ArrayList<T>();
        try (resultSet) {
            var mapper = query.mapper().specialize(resultSet, ctx);
            while (resultSet.next()) {
                rows.add(mapper.map(resultSet, ctx));
            }
        }
        return rows;
    }
}
