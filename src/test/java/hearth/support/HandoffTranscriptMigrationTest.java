package hearth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hearth.db.Database;
import hearth.testing.TestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** V021 gives every hand-off made before it its own copy of the assistant conversation it carried. */
class HandoffTranscriptMigrationTest {

    @Test
    void aHandOffMadeBeforeTheCopyExistedKeepsItsTranscriptAfterTheAssistantConversationIsDeleted() {
        var database = TestDatabase.get();
        var created = database.createEmpty();
        try (var pool = Database.pool(Database.JdbcUrl.parse(created.jdbcUrl()), 2, null)) {
            migrate(pool, "20");
            var jdbi = Jdbi.create(pool);
            var ids = jdbi.withHandle(handle -> {
                var org = one(handle, "insert into organizations (name, slug) values ('Acme', 'acme') returning id");
                var other = one(handle, "insert into organizations (name, slug, assistant_name) values ('Globex', 'globex', 'Gizmo') returning id");
                var ann = one(handle, "insert into users (email, name, password_hash) values ('ann@acme.test', 'Ann', 'x') returning id");
                var chat = one(handle, "insert into assistant_conversations (org_id, user_id, title) values (" + org + ", " + ann
                        + ", 'Export') returning id");
                var elsewhere = one(handle, "insert into assistant_conversations (org_id, user_id, title) values (" + other + ", "
                        + ann + ", 'Elsewhere') returning id");
                for (var line : List.of("'user', 'The export is empty'", "'assistant', 'Clear the date filter'",
                        "'system', 'Handed to a person'")) {
                    handle.execute("insert into assistant_messages (org_id, conversation_id, role, content) values (" + org + ", "
                            + chat + ", " + line + ")");
                }
                handle.execute("insert into assistant_messages (org_id, conversation_id, role, content) values (" + other + ", "
                        + elsewhere + ", 'user', 'Another org''s words')");
                var handedOff = one(handle, "insert into support_conversations (org_id, user_id, subject, assistant_conversation_id,"
                        + " handoff_summary) values (" + org + ", " + ann + ", 'Export', " + chat + ", 'Empty export') returning id");
                // A support conversation naming another org's assistant conversation gets nothing of it.
                var mismatched = one(handle, "insert into support_conversations (org_id, user_id, subject, assistant_conversation_id,"
                        + " handoff_summary) values (" + org + ", " + ann + ", 'Odd', " + elsewhere + ", 'Odd') returning id");
                return new long[] {chat, handedOff, mismatched};
            });

            migrate(pool, "21");
            jdbi.useHandle(handle -> handle.execute("delete from assistant_conversations where id = ?", ids[0]));

            var lines = jdbi.withHandle(handle -> HandoffTranscript.of(handle, ids[1]));
            assertEquals(List.of("user|Ann|The export is empty", "assistant|Hearth Assistant|Clear the date filter"),
                    lines.stream().map(line -> line.role() + "|" + line.speaker() + "|" + line.content()).toList());
            assertEquals(List.of(), jdbi.withHandle(handle -> HandoffTranscript.of(handle, ids[2])));
        } finally {
            database.drop(created.name());
        }
    }

    private static void migrate(javax.sql.DataSource pool, String target) {
        Flyway.configure().dataSource(pool).locations("classpath:migrations").target(target).load().migrate();
    }

    private static long one(org.jdbi.v3.core.Handle handle, String sql) {
        return handle.createQuery(sql).mapTo(Long.class).one();
    }
}
