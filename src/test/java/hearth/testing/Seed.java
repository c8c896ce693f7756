package hearth.testing;

import hearth.testing.Fixtures.Org;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Workspace rows written straight into the database, for tests that need dozens of rows with exact
 * timestamps, or thousands of them. What a test then checks still goes through real HTTP.
 * <pre>
 * long id = Seed.task(app, org, "07 Invoice payment").status("DONE").assignee(ann.id()).created(t).insert();
 * </pre>
 * Rows made through the forms (validation, activity) are made with the forms instead.
 */
public final class Seed {
    private Seed() {}

    public static Row task(TestApp app, Org org, String title) {
        return new Row(app, "tasks", org).set("title", title).set("status", "TODO").set("priority", "MEDIUM");
    }

    public static Row customer(TestApp app, Org org, String name) {
        return new Row(app, "customers", org).set("name", name).set("status", "LEAD").set("source", "OTHER");
    }

    public static Row project(TestApp app, Org org, String name) {
        return new Row(app, "projects", org).set("name", name).set("status", "ACTIVE");
    }

    /** One row to insert: columns by name, everything not set left to the table's defaults. */
    public static final class Row {
        private final TestApp app;
        private final String table;
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Row(TestApp app, String table, Org org) {
            this.app = app;
            this.table = table;
            values.put("org_id", org.id());
        }

        public Row set(String column, Object value) {
            if (!column.matches("[a-z_]+")) {
                throw new IllegalArgumentException("Not a column name: " + column);
            }
            values.put(column, value);
            return this;
        }

        public Row status(String status) {
            return set("status", status);
        }

        public Row priority(String priority) {
            return set("priority", priority);
        }

        public Row description(String description) {
            return set("description", description);
        }

        public Row assignee(Long userId) {
            return set("assignee_id", userId);
        }

        public Row owner(Long userId) {
            return set("owner_id", userId);
        }

        public Row project(Long projectId) {
            return set("project_id", projectId);
        }

        public Row customer(Long customerId) {
            return set("customer_id", customerId);
        }

        public Row due(LocalDate due) {
            return set("due_date", due);
        }

        public Row created(Instant at) {
            return set("created_at", at);
        }

        public Row updated(Instant at) {
            return set("updated_at", at);
        }

        public Row deleted(Instant at) {
            return set("deleted_at", at);
        }

        public long insert() {
            var columns = String.join(", ", values.keySet());
            var parameters = values.keySet().stream().map(column -> ":" + column).collect(Collectors.joining(", "));
            return app.jdbi().withHandle(handle -> {
                var insert = handle.createQuery("insert into " + table + " (" + columns + ") values (" + parameters
                        + ") returning id");
                values.forEach(insert::bind);
                return insert.mapTo(Long.class).one();
            });
        }
    }
}
