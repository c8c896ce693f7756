package hearth.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool, the migrations and the Jdbi instance every feature shares. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        // Jdbi "prepares" each argument's binding per statement by consulting every argument factory for
        // its type, which pays off only for batches reusing one statement; for our one-off statements it
        // was about 9% of a task list page's CPU (async-profiler). Plain binding asks the same factories.
        this.jdbi.getConfig(Arguments.class).setPreparedArgumentsEnabled(false);
    }

    /** Connects to {@code databaseUrl}, or starts an embedded PostgreSQL whose files live under {@code dataDir}. */
    public static Database open(String databaseUrl, Path dataDir, int poolSize, MeterRegistry metrics) {
        if (databaseUrl != null) {
            return new Database(pool(JdbcUrl.parse(databaseUrl), poolSize, metrics), null);
        }
        var embedded = startEmbedded(dataDir.resolve("postgres"));
        var url = new JdbcUrl(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        return new Database(pool(url, poolSize, metrics), embedded);
    }

    public static EmbeddedPostgres startEmbedded(Path directory) {
        try {
            Files.createDirectories(directory);
            var postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            log.info("Embedded PostgreSQL is running with its data in {}", directory.toAbsolutePath());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory.toAbsolutePath(), e);
        }
    }

    public static HikariDataSource pool(JdbcUrl url, int poolSize, MeterRegistry metrics) {
        var config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("hearth");
        // Fixed statements keep PostgreSQL's default plan caching: planning them on every run cost more
        // than running them (a list request spent 1.4 ms planning, a bulk change 2.8 ms, mostly in the
        // foreign key checks, whose plans force_custom_plan threw away). Filtered list queries, whose
        // selectivity varies wildly, are planned for their values every time: see Where.bindTo.
        if (metrics != null) {
            config.setMetricRegistry(metrics);
        }
        return new HikariDataSource(config);
    }

    public void migrate() {
        migrate(dataSource);
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:migrations").load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }

    /** A JDBC URL with its credentials, from either a JDBC URL or a {@code postgres://user:pass@host/db} URL. */
    public record JdbcUrl(String jdbcUrl, String user, String password) {
        public static JdbcUrl parse(String url) {
            if (url.startsWith("jdbc:")) {
                return new JdbcUrl(url, null, null);
            }
            var uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getUserInfo() != null) {
                var parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : null;
            }
            var port = uri.getPort() > 0 ? uri.getPort() : 5432;
            var query = uri.getQuery() == null ? "" : "?" + uri.getQuery();
            return new JdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query, user, password);
        }
    }
}
