package hearth.bench;

import static hearth.bench.WorkspaceData.array;
import static hearth.bench.WorkspaceData.literal;
import static hearth.bench.WorkspaceData.pick;
import static hearth.bench.WorkspaceData.step;

import hearth.auth.Passwords;
import hearth.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The support benchmark's data: 100,000 support conversations with 1,000,000 messages, from 2,000
 * members of 200 orgs, worked on by 16 support agents over two years.
 *
 * <p>Words are drawn with a skew (the first of {@link #WORDS} in most conversations, the last in few),
 * and three words are planted at known rates, so that searches of every selectivity can be measured:
 * {@link #UNCOMMON} in one message in a hundred, {@link #RARE} in one in a thousand and {@link #UNIQUE}
 * in one in a hundred thousand. Older conversations are mostly closed; a few thousand recent ones are
 * open, pending or in progress, most of them assigned. Generated set-based inside PostgreSQL with the
 * secondary indexes dropped, once, into {@code target/support-pg} (a marker names the version).
 */
final class SupportData implements AutoCloseable {
    static final String VERSION = "support-v3";
    static final String PASSWORD = "support-bench-password";
    static final int ORGS = 200;
    static final int MEMBERS_PER_ORG = 10;
    static final int AGENTS = 16;
    static final int CONVERSATIONS = 100_000;
    static final String UNCOMMON = "chargeback";
    static final String RARE = "zeppelin";
    static final String UNIQUE = "quokka";
    static final List<String> TAGS = List.of("billing", "bug", "login", "export", "mobile", "api", "refund", "vip",
            "feature-request", "onboarding", "sso", "performance", "data-loss", "invoice", "security");

    /** Most common first. */
    static final List<String> WORDS = List.of(
            "the", "I", "to", "and", "we", "it", "is", "not", "our", "you", "with", "please", "can", "thanks",
            "invoice", "account", "login", "password", "export", "error", "page", "team", "project", "task",
            "report", "customer", "billing", "plan", "upgrade", "payment", "refund", "email", "notification",
            "board", "dashboard", "slow", "broken", "missing", "again", "yesterday", "today", "urgent", "help",
            "access", "invite", "member", "admin", "role", "permission", "settings", "browser", "mobile", "app",
            "sync", "import", "CSV", "PDF", "attachment", "upload", "download", "search", "filter", "sort",
            "calendar", "deadline", "reminder", "integration", "API", "token", "webhook", "SSO", "SAML", "domain",
            "certificate", "timeout", "crash", "freeze", "blank", "screen", "button", "click", "link", "expired",
            "renewal", "discount", "VAT", "receipt", "currency", "tax", "address", "company", "trial", "cancel",
            "delete", "restore", "backup", "history", "activity", "log", "audit", "security", "2FA", "phone",
            "Kanban", "column", "drag", "drop", "order", "priority", "status", "assignee", "duplicate", "merge",
            "translation", "language", "timezone", "format", "date", "number", "décimal", "Zürich", "München",
            "café", "Kraków", "São", "Paulo", "東京", "доставка", "счёт", "façade", "résumé", "naïve");

    private final EmbeddedPostgres postgres;
    private final Database database;

    private SupportData(EmbeddedPostgres postgres, Database database) {
        this.postgres = postgres;
        this.database = database;
    }

    static SupportData open(int poolSize) {
        var directory = Path.of(System.getenv().getOrDefault("BENCH_SUPPORT_DATA_DIR", "target/support-pg"));
        var postgres = WorkspaceData.start(directory);
        var database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), directory, poolSize, null);
        try {
            database.migrate();
            if (!WorkspaceData.generated(database, VERSION)) {
                var started = System.nanoTime();
                System.out.println("Generating the support data in " + directory.toAbsolutePath() + " (once; later runs reuse it)...");
                generate(database);
                System.out.printf(Locale.ROOT, "BENCH support_data generate_s=%.1f%n", (System.nanoTime() - started) / 1e9);
            }
            return new SupportData(postgres, database);
        } catch (RuntimeException e) {
            database.close();
            WorkspaceData.closeQuietly(postgres);
            throw e;
        }
    }

    /** Keeps the database up for psql and EXPLAIN ({@code -Dbench=support-db}). */
    static void hold() throws InterruptedException {
        try (var data = open(2)) {
            WorkspaceData.hold("support", data.postgres);
        }
    }

    Database database() {
        return database;
    }

    static String agentEmail(int n) {
        return "agent" + n + "@support.test";
    }

    static String memberEmail(int n) {
        return "member" + n + "@support.test";
    }

    @Override
    public void close() {
        database.close();
        WorkspaceData.closeQuietly(postgres);
    }

    private static void generate(Database database) {
        var hash = Passwords.hash(PASSWORD);
        try (var connection = database.dataSource().getConnection(); var sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            var indexes = WorkspaceData.beginLoad(sql, database, "support_conversations", "support_messages", "support_tags");
            var members = ORGS * MEMBERS_PER_ORG;
            step(sql, "people",
                    "insert into organizations (name, slug, plan, created_at) select 'Customer ' || g, 'customer-' || g, "
                            + "(array['FREE', 'BASIC', 'PRO', 'ENTERPRISE'])[1 + g % 4], now() - interval '800 days' "
                            + "from generate_series(1, " + ORGS + ") g",
                    "insert into users (email, name, password_hash, created_at) select 'member' || g || '@support.test', "
                            + pick(WorkspaceData.FIRST_NAMES) + " || ' ' || " + pick(WorkspaceData.LAST_NAMES) + ", "
                            + literal(hash) + ", now() - interval '790 days' from generate_series(1, " + members + ") g",
                    "insert into memberships (org_id, user_id, role) select o.id, u.id, "
                            + "case when (g - 1) % " + MEMBERS_PER_ORG + " = 0 then 'OWNER' else 'MEMBER' end "
                            + "from generate_series(1, " + members + ") g "
                            + "join users u on u.email = 'member' || g || '@support.test' "
                            + "join organizations o on o.slug = 'customer-' || (1 + (g - 1) / " + MEMBERS_PER_ORG + ")",
                    "insert into users (email, name, password_hash, platform_role, created_at) select 'agent' || g || '@support.test', "
                            + "'Agent ' || " + pick(WorkspaceData.FIRST_NAMES) + ", " + literal(hash)
                            + ", 'SUPPORT_AGENT', now() - interval '790 days' from generate_series(1, " + AGENTS + ") g");
            step(sql, "text pool", "create temp table bench_sentences (id int primary key, s text not null)",
                    "insert into bench_sentences select i, " + WorkspaceData.sentence("i", "w") + " from generate_series(1, 5000) i"
                            + " cross join lateral (select string_agg(" + skewed() + ", ' ') as w"
                            + " from generate_series(1, 6 + i % 12) k) words",
                    "analyze bench_sentences");
            step(sql, "conversations", conversations());
            step(sql, "messages", messages());
            step(sql, "conversation state", state());
            step(sql, "tags", """
                    insert into support_tags (conversation_id, tag)
                    select id, (%1$s)[1 + (id * 7) %% %2$d] from support_conversations where id %% 10 < 3
                    union
                    select id, (%1$s)[1 + (id * 13) %% %2$d] from support_conversations where id %% 10 = 0
                    """.formatted(array(TAGS), TAGS.size()),
                    // The trigger that keeps each conversation's tags does not fire while loading (replica role).
                    """
                    update support_conversations c set tags = t.tags
                    from (select conversation_id, array_agg(tag order by tag) as tags from support_tags group by conversation_id) t
                    where t.conversation_id = c.id
                    """);
            WorkspaceData.endLoad(sql, indexes, VERSION);
        } catch (SQLException e) {
            throw new IllegalStateException("Generating the support data failed", e);
        }
    }

    /**
     * Conversations in the order they were opened, over two years; ids follow created_at. Those older
     * than a month are nearly all closed; newer ones are spread over the four states.
     */
    private static String conversations() {
        return """
                with people as (select (select array_agg(u.id order by u.id) from users u where u.platform_role = 'USER') as members,
                                       (select array_agg(u.id order by u.id) from users u where u.platform_role = 'SUPPORT_AGENT') as agents,
                                       (select array_agg(o.id order by o.id) from organizations o) as orgs),
                src as (select g, now() - interval '730 days' * (1 - g::float8 / %1$d) - random() * interval '2 hours' as created,
                               random() as r_status, random() as r_priority, random() as r_assignee, 1 + floor(random() * %2$d)::int as member
                        from generate_series(1, %1$d) g)
                insert into support_conversations (org_id, user_id, subject, status, priority, category, assignee_id,
                                                   created_at, updated_at, last_message_at)
                select orgs[1 + (member - 1) / %5$d], members[member],
                       left((array['Problem with', 'Question about', 'Cannot', 'Help with', 'Issue:', 'Re:', 'Urgent:',
                                   'How do I', 'Feedback on', 'Bug in'])[1 + g %% 10] || ' ' || %3$s || ' ' || %3$s
                            || case when g %% 1000 = 17 then ' %4$s' else '' end, 200),
                       case when created < now() - interval '30 days' then
                                case when r_status < 0.97 then 'closed' when r_status < 0.985 then 'pending' else 'open' end
                            else case when r_status < 0.3 then 'open' when r_status < 0.5 then 'pending'
                                      when r_status < 0.75 then 'in_progress' else 'closed' end end,
                       case when r_priority < 0.2 then 'low' when r_priority < 0.75 then 'normal'
                            when r_priority < 0.93 then 'high' else 'urgent' end,
                       case when g %% 5 = 0 then (array['technical', 'billing', 'feature', 'bug', 'other'])[1 + g / 5 %% 5] end,
                       case when r_assignee < 0.8 then agents[1 + floor(random() * cardinality(agents))::int] end,
                       created, created, created
                from src cross join people
                """.formatted(CONVERSATIONS, ORGS * MEMBERS_PER_ORG, skewed(), RARE, MEMBERS_PER_ORG);
    }

    /**
     * 1 to 19 messages per conversation (10 on average: 1,000,000 in all), the member first, then
     * support and the member in turn, one in twenty an internal note; a few minutes to hours apart.
     */
    private static String messages() {
        return """
                insert into support_messages (conversation_id, author_id, kind, body, created_at)
                select c.id,
                       case when kind = 'user' then c.user_id else coalesce(c.assignee_id, %5$s) end,
                       kind,
                       (select s from bench_sentences where id = 1 + (c.id * 31 + k * 7919) %% 5000)
                           || case when k %% 3 = 0 then ' ' || (select s from bench_sentences where id = 1 + (c.id * 17 + k * 104729) %% 5000) else '' end
                           || case when (c.id * 19 + k) %% 100 = 3 then ' %1$s' else '' end
                           || case when (c.id * 19 + k) %% 1000 = 7 then ' %2$s' else '' end
                           || case when (c.id * 19 + k) %% 100000 = 11 then ' %3$s' else '' end,
                       c.created_at + (k - 1) * interval '37 minutes' + random() * interval '30 minutes'
                from support_conversations c
                cross join lateral generate_series(1, 1 + (c.id * %4$d) %% 19) k
                cross join lateral (select case when k = 1 then 'user' when (c.id + k) %% 20 = 0 then 'note'
                                               when k %% 2 = 0 then 'agent' else 'user' end as kind) kinds
                order by c.id, k
                """.formatted(UNCOMMON, RARE, UNIQUE, 7919,
                "(select min(id) from users where platform_role = 'SUPPORT_AGENT')");
    }

    /** What the app keeps on each conversation from its messages: counts, last activity, receipts, response times, search. */
    private static String state() {
        return """
                with m as (
                    select conversation_id,
                           count(*) filter (where kind <> 'note') as n,
                           max(created_at) filter (where kind <> 'note') as last_at,
                           max(id) filter (where kind <> 'note') as last_id,
                           max(id) filter (where kind = 'user') as last_user_id,
                           min(created_at) filter (where kind = 'agent') as first_agent_at,
                           (array_agg(left(body, 200) order by id desc) filter (where kind <> 'note'))[1] as preview,
                           to_tsvector('simple', left(string_agg(body, ' ' order by id), 100000)) as words
                    from support_messages group by conversation_id)
                update support_conversations c
                set message_count = m.n, last_message_at = m.last_at, last_message_preview = m.preview,
                    first_response_at = m.first_agent_at, updated_at = m.last_at,
                    search = setweight(to_tsvector('simple', c.subject), 'A') || m.words,
                    user_read_through = case when c.status = 'closed' then m.last_id else coalesce(m.last_user_id, 0) end,
                    agent_read_through = case when c.status = 'open' then 0 else coalesce(m.last_user_id, 0) end,
                    closed_at = case when c.status = 'closed' then m.last_at + interval '1 hour' end
                from m where m.conversation_id = c.id
                """;
    }

    /** A word of {@link #WORDS}, the first ones far more often than the last. */
    private static String skewed() {
        return array(WORDS) + "[1 + floor(power(random(), 3) * " + WORDS.size() + ")::int]";
    }

}
