package hearth.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Every row of every table, to show that a refused request changed nothing. New tables are
 * included automatically. Sessions are compared by what matters (who is logged in where, with
 * which CSRF token): an error page may start an anonymous session or consume a flash message.
 */
public record DbSnapshot(Map<String, List<String>> tables) {
    private static final Map<String, String> QUERIES = Map.of(
            "sessions", "select row(id, user_id, csrf_token, current_org_id)::text from sessions"
                    + " where user_id is not null order by 1");

    public static DbSnapshot take(Jdbi jdbi) {
        return jdbi.withHandle(handle -> {
            var names = handle.createQuery("""
                            select table_name from information_schema.tables
                            where table_schema = current_schema() and table_type = 'BASE TABLE'
                              and table_name <> 'flyway_schema_history'
                            order by table_name
                            """)
                    .mapTo(String.class).list();
            var tables = new LinkedHashMap<String, List<String>>();
            for (var name : names) {
                var sql = QUERIES.getOrDefault(name, "select t::text from " + quote(name) + " t order by 1");
                tables.put(name, handle.createQuery(sql).mapTo(String.class).list());
            }
            return new DbSnapshot(tables);
        });
    }

    public static DbSnapshot take(TestApp app) {
        return take(app.jdbi());
    }

    /** Fails naming the tables whose rows differ, with the rows that appeared and disappeared. */
    public void assertUnchangedIn(DbSnapshot after, String what) {
        var problems = new ArrayList<String>();
        for (var table : tables.keySet()) {
            var before = tables.get(table);
            var now = after.tables.getOrDefault(table, List.of());
            if (!Objects.equals(before, now)) {
                var added = new ArrayList<>(now);
                added.removeAll(before);
                var removed = new ArrayList<>(before);
                removed.removeAll(now);
                problems.add(table + ": added " + added + ", removed " + removed);
            }
        }
        if (!problems.isEmpty()) {
            fail(what + " changed the database:\n  " + String.join("\n  ", problems));
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
