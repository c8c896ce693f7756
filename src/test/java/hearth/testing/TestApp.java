package hearth.testing;

import hearth.App;
import hearth.Config;
import hearth.web.RouteTable;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real app on a random port over its own freshly migrated database, one per test class:
 * <pre>
 * &#64;RegisterExtension static TestApp app = new TestApp();                        // data shared by the class
 * &#64;RegisterExtension static TestApp app = TestApp.withFreshDataForEachTest();    // emptied before each test
 * </pre>
 * With fresh data each test starts on empty tables, so the first account it signs up is the
 * platform admin again and no failed logins are left over from another test.
 */
public final class TestApp implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static {
        // Quiet the start-up chatter of PostgreSQL, Flyway and Jetty for every class; warnings and
        // errors (e.g. a handler's stack trace) still show. -Dorg.slf4j.simpleLogger.defaultLogLevel=info brings it back.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** Tables whose rows come from the migrations, restored by {@link #reset()}. */
    private static final List<String> SEEDED = List.of("ai_models", "plan_quotas");

    private final boolean freshDataEachTest;
    private final Map<String, Object> fixtures = new HashMap<>();
    private final Map<String, String> settings = new HashMap<>();
    private TestDatabase.Created database;
    private App app;
    private int stoppedPort;

    public TestApp() {
        this(false);
    }

    private TestApp(boolean freshDataEachTest) {
        this.freshDataEachTest = freshDataEachTest;
    }

    public static TestApp withFreshDataForEachTest() {
        return new TestApp(true);
    }

    /** A setting as the environment would give it (see {@link Config#from}), e.g. {@code withConfig("METRICS_TOKEN", "t")}. */
    public TestApp withConfig(String name, String value) {
        if (app != null) {
            throw new IllegalStateException("Settings apply when the app starts: call withConfig where the TestApp is made");
        }
        settings.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.get().create();
        app = App.start(config(0), null);
        jdbi().useHandle(handle -> {
            handle.execute("create schema seeded");
            for (var table : SEEDED) {
                handle.execute("create table seeded." + table + " as table " + table);
            }
        });
    }

    /** The app opens the database itself, as in production, so its pool reports to /metrics. */
    private Config config(int port) {
        // Only these settings, never the developer's environment: the tests behave the same everywhere.
        var env = new HashMap<String, String>(Map.of(
                "PORT", String.valueOf(port),
                "DATABASE_URL", database.jdbcUrl(),
                "DB_POOL_SIZE", "5"));
        env.putAll(settings);
        return Config.from(env);
    }

    /**
     * Stops the app as an operator would: its streams close, its port is free, its database stays.
     * {@link #restart()} brings it back on the same port, where the browsers left it.
     */
    public void stop() {
        stoppedPort = app.port();
        var running = app;
        app = null;
        running.close();
    }

    /** Starts the app stopped by {@link #stop()} again, on the same port and database. */
    public void restart() {
        if (stoppedPort == 0) {
            throw new IllegalStateException("Only a stopped app restarts: call stop() first");
        }
        app = App.start(config(stoppedPort), null);
        stoppedPort = 0;
    }

    /**
     * A second process of the app on the same database, on a port of its own: another node behind the
     * load balancer. The caller closes it.
     */
    public App anotherNode() {
        return App.start(config(0), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (app == null) {
            throw new IllegalStateException("Register TestApp on a static field: @RegisterExtension static TestApp app = ...");
        }
        if (freshDataEachTest) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            app = null;
            if (database != null) {
                TestDatabase.get().drop(database.name());
            }
        }
    }

    /**
     * Empties every table (the schema stays) and forgets the fixtures built so far. The reference data
     * the migrations seed (the AI model catalogue and the tier quotas) is put back as it was seeded.
     */
    public void reset() {
        jdbi().useHandle(handle -> {
            var tables = handle.createQuery("""
                            select quote_ident(table_name) from information_schema.tables
                            where table_schema = current_schema() and table_type = 'BASE TABLE'
                              and table_name <> 'flyway_schema_history'
                            """)
                    .mapTo(String.class).list();
            if (!tables.isEmpty()) {
                truncate(handle, "truncate table " + String.join(", ", tables) + " cascade");
            }
            for (var table : SEEDED) {
                handle.execute("insert into " + table + " overriding system value select * from seeded." + table);
            }
        });
        synchronized (fixtures) {
            fixtures.clear();
        }
    }

    /** The JDBC URL (with credentials) of this class's database, e.g. for a second app process. */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /**
     * The app may still be at work for the previous test (a closing browser's presence is re-read for
     * whoever is left), and its reads lock the tables in another order than TRUNCATE: when PostgreSQL
     * picks the TRUNCATE to break that deadlock, truncate again.
     */
    private static void truncate(Handle handle, String sql) {
        for (int attempt = 1; ; attempt++) {
            try {
                handle.execute(sql);
                return;
            } catch (UnableToExecuteStatementException e) {
                var deadlock = e.getCause() instanceof SQLException cause && "40P01".equals(cause.getSQLState());
                if (!deadlock || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (app != null ? app.port() : stoppedPort);
    }

    public Jdbi jdbi() {
        return app.database().jdbi();
    }

    /** Every route the app registered: what the route-walking tests walk. */
    public List<RouteTable.Route> routes() {
        return app.routes();
    }

    public App app() {
        return app;
    }

    /** A new client with an empty cookie jar: an anonymous visitor until it signs up or logs in. */
    public HttpSession newSession() {
        return new HttpSession(baseUrl());
    }

    /** A client that presents the given session cookie, e.g. one that was logged out elsewhere. */
    public HttpSession sessionWithCookie(String sessionCookie) {
        var session = newSession();
        session.setCookie(HttpSession.SESSION_COOKIE, sessionCookie);
        return session;
    }

    /** A fixture built once per database: again only after {@link #reset()}. */
    @SuppressWarnings("unchecked")
    <T> T fixture(String name, Supplier<T> build) {
        synchronized (fixtures) {
            var existing = fixtures.get(name);
            if (existing != null) {
                return (T) existing;
            }
        }
        var built = build.get();
        synchronized (fixtures) {
            fixtures.put(name, built);
        }
        return built;
    }

    /** One value from a query, e.g. {@code app.queryOne(Long.class, "select id from users where email = ?", email)}. */
    public <T> T queryOne(Class<T> type, String sql, Object... args) {
        return jdbi().withHandle(handle -> handle.select(sql, args).mapTo(type).one());
    }

    public <T> Optional<T> queryOptional(Class<T> type, String sql, Object... args) {
        return jdbi().withHandle(handle -> handle.select(sql, args).mapTo(type).findOne());
    }

    public <T> List<T> queryList(Class<T> type, String sql, Object... args) {
        return jdbi().withHandle(handle -> handle.select(sql, args).mapTo(type).list());
    }

    public int update(String sql, Object... args) {
        return jdbi().withHandle(handle -> handle.execute(sql, args));
    }

    public long count(String table) {
        return queryOne(Long.class, "select count(*) from " + table);
    }
}
