package hearth.testing;

import hearth.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One PostgreSQL server per test run: an embedded one, or the server {@code DATABASE_URL} names.
 * The migrations run once into {@code hearth_template}; every test class then gets its own database
 * cloned from it ({@code CREATE DATABASE ... TEMPLATE}), which takes a fraction of a second.
 */
public final class TestDatabase {
    private static final String TEMPLATE = "hearth_template";
    private static final Pattern JDBC = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

    private static TestDatabase instance;

    private final String prefix;
    private final String adminDatabase;
    private final String query;
    private final String user;
    private final String password;
    private final AtomicInteger counter = new AtomicInteger();

    /** A database made for one test class: its name and a JDBC URL that carries its credentials. */
    public record Created(String name, String jdbcUrl) {}

    private TestDatabase(String jdbcUrl, String user, String password) {
        var matcher = JDBC.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        this.prefix = matcher.group(1);
        this.adminDatabase = matcher.group(2).isEmpty() ? "postgres" : matcher.group(2);
        this.query = matcher.group(3) == null ? "" : matcher.group(3);
        this.user = user;
        this.password = password;
    }

    /** The run's server, started (and its template migrated) on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
            instance.createTemplate();
        }
        return instance;
    }

    private static TestDatabase start() {
        var url = System.getenv("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            var parsed = Database.JdbcUrl.parse(url.trim());
            return new TestDatabase(parsed.jdbcUrl(), parsed.user(), parsed.password());
        }
        try {
            var postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the temporary data directory goes with it.
                }
            }, "test-postgres-shutdown"));
            return new TestDatabase("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                    "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests", e);
        }
    }

    private void createTemplate() {
        execute("drop database if exists " + TEMPLATE);
        execute("create database " + TEMPLATE);
        // Closing the pool closes every connection: PostgreSQL refuses to clone a database anyone is connected to.
        try (var pool = Database.pool(Database.JdbcUrl.parse(jdbcUrl(TEMPLATE)), 2, null)) {
            Database.migrate(pool);
        }
    }

    /** A fresh database with every migration applied. */
    public Created create() {
        var name = "hearth_test_" + counter.incrementAndGet();
        execute("drop database if exists " + name);
        execute("create database " + name + " template " + TEMPLATE);
        return new Created(name, jdbcUrl(name));
    }

    /** An empty database, for a test that runs the migrations itself (up to a version, then the rest). */
    public Created createEmpty() {
        var name = "hearth_test_" + counter.incrementAndGet();
        execute("drop database if exists " + name);
        execute("create database " + name);
        return new Created(name, jdbcUrl(name));
    }

    /**
     * Drops a test class's database once its app has stopped. {@code force} ends any backend still
     * finishing a statement its closed client sent: the database is thrown away either way, and a
     * straggler must not fail the next test class.
     */
    public void drop(String name) {
        execute("drop database if exists " + name + " with (force)");
    }

    /** A JDBC URL for {@code database} on this server, credentials in its query string. */
    public String jdbcUrl(String database) {
        var url = new StringBuilder(prefix).append(database).append(query);
        if (user != null) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("user=").append(encode(user));
        }
        if (password != null) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("password=").append(encode(password));
        }
        return url.toString();
    }

    private void execute(String sql) {
        try (Connection connection = connectToAdminDatabase(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connectToAdminDatabase() throws SQLException {
        var properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(prefix + adminDatabase + query, properties);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
