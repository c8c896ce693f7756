package hearth.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Limits failed logins per IP address and per email. The failures are rows in PostgreSQL, so every
 * app process behind a load balancer counts the same attempts.
 */
public final class LoginThrottle {
    public record Rule(int maxFailures, Duration window) {}

    public static final Rule PER_IP = new Rule(5, Duration.ofMinutes(5));
    public static final Rule PER_EMAIL = new Rule(10, Duration.ofMinutes(15));

    private final Jdbi jdbi;

    public LoginThrottle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** How long until this IP and email may try again, if either has used up its failures. */
    public Optional<Duration> blockedFor(String ip, String email) {
        var now = Instant.now();
        var byIp = releaseTime("ip", ip, PER_IP);
        var byEmail = releaseTime("email", normalize(email), PER_EMAIL);
        return byIp.map(t -> byEmail.filter(e -> e.isAfter(t)).orElse(t))
                .or(() -> byEmail)
                .filter(release -> release.isAfter(now))
                .map(release -> Duration.between(now, release));
    }

    public void recordFailure(String ip, String email) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("insert into login_failures (ip, email) values (:ip, :email)")
                    .bind("ip", ip).bind("email", normalize(email)).execute();
            handle.createUpdate("delete from login_failures where failed_at < now() - interval '1 day'").execute();
        });
    }

    /** When the failure that fills the rule's quota leaves the window; empty while under the limit. */
    private Optional<Instant> releaseTime(String column, String value, Rule rule) {
        return jdbi.withHandle(handle -> handle.createQuery("select failed_at from login_failures where " + column
                        + " = :value and failed_at > now() - make_interval(secs => :window)"
                        + " order by failed_at desc offset :skip limit 1")
                .bind("value", value)
                .bind("window", (double) rule.window().toSeconds())
                .bind("skip", rule.maxFailures() - 1)
                .mapTo(Instant.class)
                .findOne()
                .map(failedAt -> failedAt.plus(rule.window())));
    }

    private static String normalize(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public static long minutesToWait(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }
}
