package hearth.bench;

import hearth.auth.Passwords;
import hearth.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The workspace benchmark's data: one org ("bench") with 1,000,000 tasks, 100,000 customers, 10,000
 * projects and 20 members, and four smaller orgs, so that every query has to scope by org.
 *
 * <p>Everything is generated inside PostgreSQL with set-based SQL (generate_series, random(), word
 * lists), with the secondary indexes dropped during the load and rebuilt after it, then VACUUM
 * (FREEZE, ANALYZE). The database lives in a persistent embedded PostgreSQL under
 * {@code target/bench-pg} ({@code BENCH_DATA_DIR} to move it) and is generated once: a marker row
 * names the generator version, and a later run with the same version starts in seconds.
 */
public final class WorkspaceData implements AutoCloseable {
    /** Change it whenever the generated data changes: the cached database is then rebuilt. */
    static final String VERSION = "workspace-v1";

    public static final String ORG_SLUG = "bench";
    public static final String EMAIL = "bench@hearth.test";
    public static final String PASSWORD = "bench-password-1";
    public static final int TASKS = 1_000_000;
    public static final int CUSTOMERS = 100_000;
    public static final int PROJECTS = 10_000;
    public static final int MEMBERS = 20;
    /** A word in about one task title in a thousand, for the "rare word" search. */
    public static final String RARE_WORD = "zeppelin";

    /** name, members, customers, projects, tasks */
    private record OrgSize(String slug, String name, int members, int customers, int projects, int tasks) {}

    private static final List<OrgSize> ORGS = List.of(
            new OrgSize(ORG_SLUG, "Bench Industries", MEMBERS, CUSTOMERS, PROJECTS, TASKS),
            new OrgSize("bench-small-1", "Nordlicht GmbH", 6, 5_000, 500, 50_000),
            new OrgSize("bench-small-2", "Café Olé", 4, 2_000, 200, 20_000),
            new OrgSize("bench-small-3", "Łódź Logistics", 3, 500, 50, 5_000),
            new OrgSize("bench-small-4", "東京 Trading", 2, 100, 10, 1_000));

    static final List<String> WORDS = List.of(
            "invoice", "inventory", "invite", "investigate", "review", "update", "fix", "design", "draft", "call",
            "email", "meeting", "report", "budget", "contract", "proposal", "onboarding", "migration", "deploy",
            "release", "test", "bug", "customer", "follow-up", "quote", "order", "shipment", "payment", "refund",
            "renewal", "audit", "training", "workshop", "schedule", "plan", "roadmap", "survey", "feedback",
            "website", "landing", "page", "campaign", "newsletter", "blog", "post", "video", "photo", "logo",
            "brand", "catalog", "pricing", "discount", "partner", "vendor", "supplier", "warehouse", "delivery",
            "support", "ticket", "escalation", "backup", "server", "database", "security", "password", "access",
            "license", "tax", "payroll", "hiring", "interview", "candidate", "offer", "policy", "handbook",
            "compliance", "GDPR", "insurance", "lease", "office", "equipment", "laptop", "printer", "network",
            "phone", "travel", "conference", "event", "booth", "sponsor", "webinar", "demo", "trial", "upgrade",
            "integration", "API", "export", "import", "spreadsheet", "dashboard", "analytics", "metrics",
            "forecast", "quarterly", "annual", "monthly", "weekly", "kickoff", "retro", "sync", "standup", "agenda",
            "minutes", "notes", "checklist", "template", "prototype", "mockup", "wireframe", "copy", "translation",
            "the", "for", "with", "and", "new", "old", "next", "final", "urgent", "client", "team", "Q3", "Q4",
            "café", "Zürich", "München", "façade", "naïve", "résumé", "Kraków", "Straße", "smörgåsbord", "crème",
            "São", "Paulo", "Łódź", "東京", "日本語", "Ελλάδα", "Москва", "доставка", "счёт", "שלום", "مرحبا");

    static final List<String> FIRST_NAMES = List.of(
            "Ann", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hiro", "Ines", "José", "Kai", "Lena", "Mei",
            "Nils", "Olga", "Pierre", "Quinn", "Rosa", "Søren", "Tomás", "Uma", "Vera", "Wei", "Ximena", "Yuki",
            "Zoë", "Björn", "Łukasz", "Олег", "Δημήτρης", "Amara", "Sean", "Priya", "Omar", "Lucía", "Emma");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Müller", "García", "Rossi", "Dubois", "Nowak", "Kowalski", "Jensen", "Tanaka", "Kim",
            "Nguyen", "Silva", "O'Brien", "Andersson", "Novák", "Petrović", "Yılmaz", "Haddad", "Cohen", "Singh",
            "Ivanova", "Papadopoulos", "Fischer", "López", "Martin", "Bernard", "Johansson", "Virtanen", "李", "佐藤");

    private static final List<String> COMPANY_WORDS = List.of(
            "Acme", "Nordic", "Blue", "River", "Summit", "Pioneer", "Atlas", "Vertex", "Harbor", "Maple", "Falcon",
            "Orbit", "Cedar", "Global", "Urban", "Bright", "Crème", "Éclair", "Fjord", "Sakura");

    private static final List<String> COMPANY_SUFFIXES = List.of(
            "Ltd", "GmbH", "Inc.", "S.A.", "AB", "Oy", "Labs", "& Co.", "Group", "Partners", "株式会社");

    private final EmbeddedPostgres postgres;
    private final Database database;
    private final long orgId;

    private WorkspaceData(EmbeddedPostgres postgres, Database database, long orgId) {
        this.postgres = postgres;
        this.database = database;
        this.orgId = orgId;
    }

    /** Starts the benchmark's PostgreSQL, migrated, and generates the data unless it is already there. */
    public static WorkspaceData open(int poolSize) {
        var directory = Path.of(System.getenv().getOrDefault("BENCH_DATA_DIR", "target/bench-pg"));
        var postgres = start(directory);
        var url = postgres.getJdbcUrl("postgres", "postgres");
        var database = Database.open(url, directory, poolSize, null);
        try {
            database.migrate();
            if (!generated(database)) {
                var started = System.nanoTime();
                System.out.println("Generating the workspace data in " + directory.toAbsolutePath()
                        + " (once; later runs reuse it)...");
                generate(database);
                System.out.printf(Locale.ROOT, "BENCH workspace_data generate_s=%.1f%n", (System.nanoTime() - started) / 1e9);
            }
            var orgId = database.jdbi().withHandle(handle -> handle
                    .createQuery("select id from organizations where slug = :slug").bind("slug", ORG_SLUG)
                    .mapTo(Long.class).one());
            return new WorkspaceData(postgres, database, orgId);
        } catch (RuntimeException e) {
            database.close();
            closeQuietly(postgres);
            throw e;
        }
    }

    /** Keeps the database up for a while ({@code -Dbench.hold.minutes}, 60), printing how to connect. */
    static void hold() throws InterruptedException {
        try (var data = open(2)) {
            hold("workspace", data.postgres);
        }
    }

    static void hold(String what, EmbeddedPostgres postgres) throws InterruptedException {
        System.out.println("The " + what + " data is up: psql -h localhost -p " + postgres.getPort()
                + " -U postgres postgres   (Ctrl-C to stop)");
        Thread.sleep(Long.getLong("bench.hold.minutes", 60) * 60_000);
    }

    /** A persistent embedded PostgreSQL in {@code directory}, sized for this machine, recording statement and commit times. */
    static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Sized for this 24 GB machine like a production server would be; the defaults
                    // (128 MB) keep a million tasks in the OS cache instead.
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("effective_cache_size", "8GB")
                    .setServerConfig("maintenance_work_mem", "1GB")
                    .setServerConfig("max_wal_size", "8GB")
                    .setServerConfig("checkpoint_timeout", "30min")
                    // Per-statement execution times, so the benchmark can say where the database time goes.
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .setServerConfig("pg_stat_statements.track_planning", "on")
                    // Commit times, so that a delivery can be measured from the commit itself.
                    .setServerConfig("track_commit_timestamp", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL in " + directory.toAbsolutePath(), e);
        }
    }

    private static boolean generated(Database database) {
        return generated(database, VERSION);
    }

    /** Whether the data of this generator version is there (see {@link #VERSION}). */
    static boolean generated(Database database, String version) {
        return database.jdbi().withHandle(handle -> {
            var exists = handle.createQuery("select to_regclass('public.bench_marker') is not null").mapTo(Boolean.class).one();
            return exists && handle.createQuery("select count(*) from bench_marker where version = :version")
                    .bind("version", version).mapTo(Integer.class).one() > 0;
        });
    }

    public Database database() {
        return database;
    }

    public long orgId() {
        return orgId;
    }

    @Override
    public void close() {
        database.close();
        closeQuietly(postgres);
    }

    static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e);
        }
    }

    // ---- generation ---------------------------------------------------------------------------

    private static void generate(Database database) {
        var passwordHash = Passwords.hash(PASSWORD);
        try (var connection = database.dataSource().getConnection(); var sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            var indexes = beginLoad(sql, database, "customers", "projects", "tasks");
            step(sql, "text pools", "create temp table bench_sentences (id int primary key, s text not null)",
                    "insert into bench_sentences select i, " + sentence("i", "w") + " from generate_series(1, 5000) i"
                            + " cross join lateral (select string_agg(" + pick(WORDS) + ", ' ') as w"
                            + " from generate_series(1, 5 + i % 10) k) words",
                    "analyze bench_sentences");
            var userNumber = 0;
            for (var org : ORGS) {
                var started = System.nanoTime();
                var orgId = insertOrg(sql, org);
                userNumber = insertMembers(connection, orgId, org, userNumber, passwordHash);
                step(sql, org.slug() + " customers", customers(orgId, org.customers(), org.members()));
                step(sql, org.slug() + " projects", projects(orgId, org.projects()));
                step(sql, org.slug() + " tasks", tasks(orgId, org.tasks()));
                System.out.printf(Locale.ROOT, "  %s: %,d tasks in %.1f s%n", org.slug(), org.tasks(), (System.nanoTime() - started) / 1e9);
            }
            // The bench user also belongs to a small org, like someone in two workspaces.
            step(sql, "second membership", "insert into memberships (org_id, user_id, role) "
                    + "select o.id, u.id, 'MEMBER' from organizations o, users u "
                    + "where o.slug = 'bench-small-1' and u.email = '" + EMAIL + "'");
            endLoad(sql, indexes, VERSION);
        } catch (SQLException e) {
            throw new IllegalStateException("Generating the workspace data failed", e);
        }
    }

    /**
     * Starts generating into a database made empty (a half-generated one from an interrupted run, or an
     * older generator's, starts over): migrated afresh, with loading settings, and the secondary indexes
     * of {@code tables} dropped, to be rebuilt by {@link #endLoad}.
     */
    static List<Index> beginLoad(Statement sql, Database database, String... tables) throws SQLException {
        step(sql, "wipe", "drop schema public cascade", "create schema public");
        Database.migrate(database.dataSource());
        step(sql, "settings",
                // The generated rows are consistent by construction: skip the per-row foreign key triggers.
                "set session_replication_role = replica",
                "set maintenance_work_mem = '1GB'",
                "set work_mem = '256MB'",
                "set synchronous_commit = off");
        return dropSecondaryIndexes(sql, tables);
    }

    /** Ends it: the indexes rebuilt, the settings undone, everything vacuumed, and the marker of {@code version}. */
    static void endLoad(Statement sql, List<Index> indexes, String version) throws SQLException {
        for (var index : indexes) {
            step(sql, "index " + index.name(), index.definition());
        }
        // This pooled connection goes on serving the app: leave none of the loading settings behind.
        step(sql, "reset", "drop table bench_sentences", "reset all");
        step(sql, "vacuum", "vacuum (freeze, analyze)");
        step(sql, "marker", "create table bench_marker (version text primary key, created_at timestamptz not null default now())",
                "insert into bench_marker (version) values (" + literal(version) + ")");
    }

    record Index(String name, String definition) {}

    /** Secondary indexes are far cheaper built once over the loaded rows than maintained row by row. */
    private static List<Index> dropSecondaryIndexes(Statement sql, String... tables) throws SQLException {
        var indexes = new ArrayList<Index>();
        try (var rows = sql.executeQuery("""
                select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                from pg_index i join pg_class c on c.oid = i.indrelid
                where c.relnamespace = 'public'::regnamespace and c.relname in (%s)
                  and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
                order by 1
                """.formatted(Stream.of(tables).map(WorkspaceData::literal).collect(Collectors.joining(", "))))) {
            while (rows.next()) {
                indexes.add(new Index(rows.getString(1), rows.getString(2)));
            }
        }
        for (var index : indexes) {
            sql.execute("drop index " + index.name());
        }
        return indexes;
    }

    private static long insertOrg(Statement sql, OrgSize org) throws SQLException {
        try (var rows = sql.executeQuery("insert into organizations (name, slug, plan, created_at) values ("
                + literal(org.name()) + ", " + literal(org.slug()) + ", 'PRO', now() - interval '800 days') returning id")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Members of an org; the first member of the big org is the user the benchmark logs in as. */
    private static int insertMembers(Connection connection, long orgId, OrgSize org, int userNumber, String hash)
            throws SQLException {
        try (var insert = connection.prepareStatement("""
                with u as (insert into users (email, name, password_hash, created_at)
                           values (?, ?, ?, now() - interval '790 days') returning id)
                insert into memberships (org_id, user_id, role) select ?, id, ? from u
                """)) {
            for (int i = 0; i < org.members(); i++) {
                userNumber++;
                var bench = org.slug().equals(ORG_SLUG) && i == 0;
                insert.setString(1, bench ? EMAIL : "member" + userNumber + "@bench.test");
                insert.setString(2, bench ? "Bench User"
                        : FIRST_NAMES.get(userNumber % FIRST_NAMES.size()) + " " + LAST_NAMES.get((userNumber * 7) % LAST_NAMES.size()));
                insert.setString(3, hash);
                insert.setLong(4, orgId);
                insert.setString(5, i == 0 ? "OWNER" : i < 3 ? "ADMIN" : "MEMBER");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return userNumber;
    }

    private static String customers(long orgId, int count, int members) {
        return """
                with ctx as (select (select array_agg(user_id order by user_id) from memberships where org_id = %1$d) as m),
                src as (
                    select g, now() - interval '730 days' * (1 - g::float8 / %2$d) as created,
                           %3$s as first, %4$s as last, random() as r
                    from generate_series(1, %2$d) g)
                insert into customers (org_id, name, email, phone, company, status, source, owner_id, notes,
                                       created_at, updated_at)
                select %1$d, first || ' ' || last,
                       lower(first) || '.' || lower(replace(last, '''', '')) || g || '@' || (array['example.com',
                           'mail.test', 'firma.de', 'empresa.es', 'yritys.fi'])[1 + g %% 5],
                       '+' || (10 + g %% 80) || ' ' || lpad((g * 7919 %% 10000000)::text, 7, '0'),
                       %5$s || ' ' || %6$s,
                       (array['LEAD', 'PROSPECT', 'ACTIVE', 'CHURNED'])[1 + floor(random() * 4)::int],
                       (array['WEBSITE', 'REFERRAL', 'EVENT', 'OUTBOUND', 'OTHER'])[1 + floor(random() * 5)::int],
                       case when r < 0.9 then m[1 + floor(random() * cardinality(m))::int] end,
                       case when g %% 2 = 0 then (select s from bench_sentences where id = 1 + (g * 31) %% 5000) else '' end,
                       created, created + random() * (now() - created)
                from src cross join ctx
                """.formatted(orgId, count, pick(FIRST_NAMES), pick(LAST_NAMES), pick(COMPANY_WORDS), pick(COMPANY_SUFFIXES));
    }

    private static String projects(long orgId, int count) {
        return """
                with ctx as (select (select array_agg(user_id order by user_id) from memberships where org_id = %1$d) as m,
                                    (select array_agg(id order by id) from customers where org_id = %1$d) as c),
                src as (
                    select g, now() - interval '730 days' * (1 - g::float8 / %2$d) as created, random() as r
                    from generate_series(1, %2$d) g)
                insert into projects (org_id, name, description, customer_id, status, start_date, due_date, owner_id,
                                      created_at, updated_at)
                select %1$d,
                       initcap(%3$s) || ' ' || %3$s || ' ' || (array['launch', 'migration', 'redesign', 'rollout',
                           'audit', 'renewal', 'onboarding', 'campaign'])[1 + g %% 8] || ' #' || g,
                       (select s from bench_sentences where id = 1 + (g * 17) %% 5000),
                       case when r < 0.7 then c[1 + floor(random() * cardinality(c))::int] end,
                       case when created < now() - interval '120 days'
                            then (array['COMPLETED', 'COMPLETED', 'COMPLETED', 'CANCELLED', 'ON_HOLD'])[1 + floor(random() * 5)::int]
                            else (array['PLANNING', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ON_HOLD'])[1 + floor(random() * 5)::int] end,
                       created::date, case when r < 0.8 then created::date + (30 + floor(random() * 150))::int end,
                       m[1 + floor(random() * cardinality(m))::int],
                       created, created + random() * (now() - created)
                from src cross join ctx
                """.formatted(orgId, count, pick(WORDS));
    }

    /**
     * Tasks in the order they were created (ids follow created_at, as in real life), older ones mostly
     * done; one in ten has no project, 15% nobody assigned, 20% no due date. The CTE holding random()
     * is materialized in generate_series order, so the rows go in in that order without a sort.
     */
    private static String tasks(long orgId, int count) {
        return """
                with ctx as (select (select array_agg(user_id order by user_id) from memberships where org_id = %1$d) as m,
                                    (select array_agg(id order by id) from projects where org_id = %1$d) as p),
                src as (
                    select g, now() - interval '730 days' * (1 - g::float8 / %2$d) - random() * interval '3 hours' as created,
                           random() as r_status, random() as r_priority, random() as r_assignee, random() as r_project,
                           random() as r_due, 1 + floor(random() * 5000)::int as s1, 1 + floor(random() * 5000)::int as s2,
                           1 + floor(random() * 5000)::int as s3
                    from generate_series(1, %2$d) g)
                insert into tasks (org_id, project_id, title, description, status, priority, assignee_id, due_date,
                                   position, created_by, created_at, updated_at)
                select %1$d,
                       case when r_project < 0.9 then p[1 + floor(random() * cardinality(p))::int] end,
                       case when g %% 4999 = 0 then '=HYPERLINK("x") ' when g %% 4999 = 1 then '+1 ' else '' end
                           || initcap(%3$s) || ' ' || %3$s || ' ' || %3$s
                           || case when random() < 0.5 then ' ' || %3$s else '' end
                           || case when g %% 1000 = 7 then ' %4$s' else '' end,
                       (select s from bench_sentences where id = s1) || ' ' || (select s from bench_sentences where id = s2)
                           || case when g %% 10 = 0 then E'\\n' || (select s from bench_sentences where id = s3) else '' end,
                       case when created < now() - interval '60 days' then
                                case when r_status < 0.70 then 'DONE' when r_status < 0.78 then 'CANCELLED'
                                     when r_status < 0.88 then 'TODO' when r_status < 0.95 then 'IN_PROGRESS' else 'REVIEW' end
                            else case when r_status < 0.40 then 'TODO' when r_status < 0.65 then 'IN_PROGRESS'
                                      when r_status < 0.75 then 'REVIEW' when r_status < 0.97 then 'DONE' else 'CANCELLED' end end,
                       case when r_priority < 0.25 then 'LOW' when r_priority < 0.70 then 'MEDIUM'
                            when r_priority < 0.90 then 'HIGH' else 'URGENT' end,
                       case when r_assignee < 0.85 then m[1 + floor(random() * cardinality(m))::int] end,
                       case when r_due < 0.8 then (created + (floor(random() * 70) - 10) * interval '1 day')::date end,
                       g * 1024.0,
                       m[1 + floor(random() * cardinality(m))::int],
                       created,
                       created + random() * least(now() - created, interval '45 days')
                from src cross join ctx
                """.formatted(orgId, count, pick(WORDS), RARE_WORD);
    }

    /** A sentence from the words {@code words}; some carry commas or quotes, as people write. */
    static String sentence(String seed, String words) {
        var capitalized = "upper(left(" + words + ", 1)) || substr(" + words + ", 2)";
        return "case when " + seed + " % 50 = 0 then '\"' || " + capitalized + " || '\", said the customer.'"
                + " when " + seed + " % 37 = 0 then " + capitalized + " || ', ' || " + pick(WORDS) + " || ', and so on.'"
                + " else " + capitalized + " || '.' end";
    }

    /** A random element of the list, as SQL. */
    static String pick(List<String> values) {
        return array(values) + "[1 + floor(random() * " + values.size() + ")::int]";
    }

    /** The list as an SQL array, in parentheses so it can be indexed. */
    static String array(List<String> values) {
        return values.stream().map(WorkspaceData::literal).collect(Collectors.joining(", ", "(array[", "])"));
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static void step(Statement sql, String what, String... statements) throws SQLException {
        var started = System.nanoTime();
        for (var statement : statements) {
            sql.execute(statement);
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        if (seconds > 2) {
            System.out.printf(Locale.ROOT, "    %s: %.1f s%n", what, seconds);
        }
    }

    static Stream<String> orgSlugs() {
        return ORGS.stream().map(OrgSize::slug);
    }
}
