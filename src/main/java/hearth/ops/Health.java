package hearth.ops;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /health}: is this process up, and can it reach its database? */
public final class Health {
    private final Jdbi jdbi;

    public Health(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void check(Context ctx) {
        var body = new LinkedHashMap<String, Object>();
        var started = System.nanoTime();
        try {
            jdbi.withHandle(handle -> handle.createQuery("select 1").mapTo(Integer.class).one());
            body.put("status", "ok");
            body.put("database", "ok");
        } catch (RuntimeException e) {
            body.put("status", "unavailable");
            body.put("database", "unreachable");
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
        }
        body.put("databaseMillis", (System.nanoTime() - started) / 1_000_000.0);
        ctx.header("Cache-Control", "no-store");
        ctx.json(body);
    }
}
