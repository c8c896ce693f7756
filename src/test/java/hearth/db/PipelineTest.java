package hearth.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several queries answered together, each read with its own mapper. */
class PipelineTest {
    private static final Pipeline.Query<String> NAMES = new Pipeline.Query<>(
            "select name from pipeline_items where kind = :kind order by name", (rs, ctx) -> rs.getString(1));
    private static final Pipeline.Query<Long> COUNT = new Pipeline.Query<>(
            "select count(*) from pipeline_items where kind = :kind and name <> all(:skip)", (rs, ctx) -> rs.getLong(1));
    private static final Pipeline.Query<String> STARTED = new Pipeline.Query<>(
            "select transaction_timestamp()::text", (rs, ctx) -> rs.getString(1));
    private static final Pipeline.Query<String> STARTED_TOO = new Pipeline.Query<>(
            "select transaction_timestamp()::text as again", (rs, ctx) -> rs.getString(1));
    private static final Pipeline.Query<String> NOTHING = new Pipeline.Query<>(
            "select name from pipeline_items where false", (rs, ctx) -> rs.getString(1));

    private static TestDatabase.Created database;
    private static Jdbi jdbi;

    @BeforeAll
    static void items() {
        database = TestDatabase.get().create();
        jdbi = Jdbi.create(database.jdbcUrl());
        jdbi.useHandle(handle -> handle.execute("""
                create table pipeline_items (kind text, name text);
                insert into pipeline_items values ('fruit', 'pear'), ('fruit', 'apple'), ('fruit', 'fig'), ('tool', 'saw');
                """));
    }

    @AfterAll
    static void dropDatabase() {
        TestDatabase.get().drop(database.name());
    }

    @Test
    void eachQueryGetsItsOwnRowsWithTheSharedBindings() {
        var results = jdbi.withHandle(handle -> Pipeline.run(handle,
                Map.of("kind", "fruit", "skip", new String[] {"fig"}), NAMES, COUNT, NOTHING));

        assertEquals(List.of("apple", "fig", "pear"), results.of(NAMES));
        assertEquals(List.of(2L), results.of(COUNT));
        assertEquals(List.of(), results.of(NOTHING));
        assertThrows(IllegalArgumentException.class, () -> results.of(STARTED));
    }

    @Test
    void theQueriesRunTogetherInOneTransaction() {
        // transaction_timestamp() is the time the transaction began: the same for both only when one
        // message exchange carried them (separate round trips are separate transactions here).
        var together = jdbi.withHandle(handle -> Pipeline.run(handle, Map.of(), STARTED, STARTED_TOO));
        assertEquals(together.of(STARTED), together.of(STARTED_TOO));
        var apart = jdbi.withHandle(handle -> List.of(
                Pipeline.run(handle, Map.of(), STARTED).of(STARTED).get(0),
                Pipeline.run(handle, Map.of(), STARTED).of(STARTED).get(0)));
        assertNotEquals(apart.get(0), apart.get(1));
    }

    @Test
    void aQueryOfSeveralStatementsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pipeline.Query<>("select 1; select 2", (rs, ctx) -> 1));
    }

    @Test
    void aFailingQueryFailsThePipeline() {
        var broken = new Pipeline.Query<>("select 1 / (select count(*) - count(*) from pipeline_items)", (rs, ctx) -> rs.getInt(1));
        assertThrows(UnableToExecuteStatementException.class,
                () -> jdbi.withHandle(handle -> Pipeline.run(handle, Map.of("kind", "fruit"), NAMES, broken)));
    }

    @Test
    void boundQueriesShareTheirValuesAndANameBoundToTwoValuesIsRefused() {
        var fruit = new Pipeline.Bound<>(NAMES, Map.of("kind", "fruit"));
        var withoutFig = new Pipeline.Bound<>(COUNT, Map.of("kind", "fruit", "skip", new String[] {"fig"}));
        var results = jdbi.withHandle(handle -> Pipeline.run(handle, List.of(fruit, withoutFig), null));
        assertEquals(List.of("apple", "fig", "pear"), results.of(NAMES));
        assertEquals(List.of(2L), results.of(COUNT));
        assertEquals(List.of("saw"), jdbi.withHandle(handle -> Pipeline.read(handle, new Pipeline.Bound<>(NAMES, Map.of("kind", "tool")))));

        var tools = new Pipeline.Bound<>(COUNT, Map.of("kind", "tool", "skip", new String[] {}));
        var refused = assertThrows(IllegalArgumentException.class,
                () -> jdbi.withHandle(handle -> Pipeline.run(handle, List.of(fruit, tools), null)));
        assertTrue(refused.getMessage().contains(":kind"), refused.getMessage());
    }
}
