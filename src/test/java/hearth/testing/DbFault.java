package hearth.testing;

import java.util.Set;

/**
 * Makes PostgreSQL refuse one kind of write to one table (a trigger that raises), so a test can
 * show that a request failing half-way leaves nothing half-written:
 * <pre>
 * try (var fault = DbFault.failOn(app, "insert", "memberships")) {
 *     ... POST /orgs answers 500 and no organization row exists ...
 * }
 * </pre>
 * The handler's transaction must roll back everything it wrote before the refused statement. The
 * app logs the refused statement's stack trace: that is expected.
 */
public final class DbFault implements AutoCloseable {
    private static final Set<String> OPERATIONS = Set.of("insert", "update", "delete");

    private final TestApp app;
    private final String table;
    private final String name;

    private DbFault(TestApp app, String table, String name) {
        this.app = app;
        this.table = table;
        this.name = name;
    }

    public static DbFault failOn(TestApp app, String operation, String table) {
        if (!OPERATIONS.contains(operation) || !table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("failOn(app, insert|update|delete, table): " + operation + " " + table);
        }
        var name = "test_fault_" + operation + "_" + table;
        app.update("create or replace function " + name + "() returns trigger language plpgsql as $fault$"
                + " begin raise exception 'test fault: % on % refused', tg_op, tg_table_name; end $fault$");
        app.update("create trigger " + name + " before " + operation + " on " + table
                + " for each row execute function " + name + "()");
        return new DbFault(app, table, name);
    }

    @Override
    public void close() {
        app.update("drop trigger if exists " + name + " on " + table);
        app.update("drop function if exists " + name + "()");
    }
}
