package hearth.bench;

import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the database time of a measurement goes, from pg_stat_statements: reset before the
 * measurement, read after it, divided by the number of requests it made.
 */
final class DatabaseTime {
    private record Statement(String query, long calls, double execMs, double planMs, long rows) {}

    private final Jdbi jdbi;

    DatabaseTime(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void reset() {
        jdbi.useHandle(handle -> handle.createQuery("select pg_stat_statements_reset()").mapTo(String.class).one());
    }

    /** Prints statements per request and the heaviest statements; returns "db_ms=… statements=…" keys. */
    String report(String measurement, int requests) {
        var statements = jdbi.withHandle(handle -> handle.createQuery("""
                        select query, calls, total_exec_time, total_plan_time, rows
                        from pg_stat_statements
                        where query not like '%pg_stat_statements%' and calls > 0
                        order by total_exec_time + total_plan_time desc
                        """)
                .map((rs, ctx) -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)))
                .list());
        var calls = statements.stream().mapToLong(Statement::calls).sum();
        var exec = statements.stream().mapToDouble(Statement::execMs).sum();
        var plan = statements.stream().mapToDouble(Statement::planMs).sum();
        System.out.printf(Locale.ROOT, "  db %s: %.1f statements/request, %.3f ms executing + %.3f ms planning per request%n",
                measurement, (double) calls / requests, exec / requests, plan / requests);
        for (var statement : top(statements, 8)) {
            System.out.printf(Locale.ROOT, "    %5.1f%%  %.3f ms exec + %.3f ms plan  x%.2f/request  %d rows/call  %s%n",
                    100 * (statement.execMs() + statement.planMs()) / Math.max(1e-9, exec + plan),
                    statement.execMs() / statement.calls(), statement.planMs() / statement.calls(),
                    (double) statement.calls() / requests, statement.rows() / statement.calls(), oneLine(statement.query()));
        }
        return String.format(Locale.ROOT, "%1$s_db_exec_ms=%2$.3f %1$s_db_plan_ms=%3$.3f %1$s_db_statements=%4$.1f",
                measurement, exec / requests, plan / requests, (double) calls / requests);
    }

    private static List<Statement> top(List<Statement> statements, int n) {
        return statements.subList(0, Math.min(n, statements.size()));
    }

    private static String oneLine(String query) {
        var line = query.replaceAll("\\s+", " ").trim();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
