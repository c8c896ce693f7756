package hearth.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.App;
import hearth.Config;
import hearth.testing.TestDatabase;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The search indexes' pending lists are merged in the background, not by whichever request fills them. */
class PendingListsTest {
    private TestDatabase.Created database;
    private Jdbi jdbi;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabase.get().create();
        jdbi = Jdbi.create(database.jdbcUrl());
    }

    @AfterEach
    void dropDatabase() {
        TestDatabase.get().drop(database.name());
    }

    @Test
    void aMergeEmptiesThePendingListsAndTheWordsStayFindable() {
        writeTasks(300);
        var lists = new PendingLists(jdbi);
        assertTrue(lists.merge() > 0, "new rows' words wait in the pending list until a merge");
        assertEquals(0, lists.merge(), "nothing is left to merge");
        assertEquals(300, matches("lantern"));
        assertEquals(1, matches("word7"));
    }

    @Test
    void aRunningAppMergesThemWithinSeconds() throws Exception {
        try (var app = App.start(Config.from(Map.of("PORT", "0", "DATABASE_URL", database.jdbcUrl(), "DB_POOL_SIZE", "3")), null)) {
            writeTasks(300);
            Thread.sleep(3_000);
            assertEquals(0, new PendingLists(jdbi).merge(), "the app merged them on its own (once a second)");
        }
    }

    private int matches(String word) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from tasks where search @@ to_tsquery('simple', :word)")
                .bind("word", word).mapTo(Integer.class).one());
    }

    private void writeTasks(int count) {
        jdbi.useHandle(handle -> {
            var org = handle.createQuery("insert into organizations (name, slug) values ('Acme', 'acme') returning id")
                    .mapTo(Long.class).one();
            handle.createUpdate("""
                            insert into tasks (org_id, title, description, status, priority)
                            select :org, 'Lantern word' || n, 'Oil for the lantern, trimmed wick ' || n, 'TODO', 'LOW'
                            from generate_series(1, :count) n
                            """)
                    .bind("org", org).bind("count", count).execute();
        });
    }
}
