package hearth.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
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

    /**
     * A password check about to be made for {@code email} from {@code ip}: refused while either has used
     * up its failures, and otherwise counted as a failure before the password is even looked at, so
     * that a burst of parallel guesses cannot all pass the check before the first of them is recorded.
     * The attempts of one IP and of one email queue for the count (an advisory lock each, always the
     * IP's first, so two never wait for each other). A right password takes its count back: {@link #succeeded}.
     */
    public Attempt attempt(String ip, String email) {
        return jdbi.inTransaction(handle -> {
            handle.createQuery("select pg_advisory_xact_lock(hashtext('login ip ' || :ip)), pg_advisory_xact_lock(hashtext('login email ' || :email))")
                    .bind("ip", ip).bind("email", normalize(email)).mapTo(String.class).one();
            var blocked = blockedFor(handle, ip, email);
            if (blocked.isPresent()) {
                return new Attempt(0, blocked);
            }
            var id = handle.createQuery("insert into login_failures (ip, email) values (:ip, :email) returning id")
                    .bind("ip", ip).bind("email", normalize(email)).mapTo(Long.class).one();
            handle.createUpdate("delete from login_failures where failed_at < now() - interval '1 day'").execute();
            return new Attempt(id, Optional.empty());
        });
    }

    /** The password was right: the attempt is not a failure after all. */
    public void succeeded(Attempt attempt) {
        jdbi.useHandle(handle -> handle.createUpdate("delete from login_failures where id = :id").bind("id", attempt.id()).execute());
    }

    /** An attempt counted as a failure until it {@link #succeeded}; or, when {@code blockedFor} is there, one refused. */
    public record Attempt(long id, Optional<Duration> blockedFor) {}

    /** How long until this IP and email may try again, if either has used up its failures. */
    public Optional<Duration> blockedFor(String ip, String email) {
        return jdbi.withHandle(handle -> blockedFor(handle, ip, email));
    }

    private static Optional<Duration> blockedFor(Handle handle, String ip, String email) {
        var now = Instant.now();
        var byIp = releaseTime(handle, "ip", ip, PER_IP);
        var byEmail = releaseTime(handle, "email", normalize(email), PER_EMAIL);
        return byIp.map(t -> byEmail.filter(e -> e.isAfter(t)).orElse(t))
                .or(() -> byEmail)
                .filter(release -> release.isAfter(now))
                .map(release -> Duration.between(now, release));
    }

    /** A failure, counted after the fact (tests build a history with it). */
    public void recordFailure(String ip, String email) {
        jdbi.useHandle(handle -> handle.createUpdate("insert into login_failures (ip, email) values (:ip, :email)")
                .bind("ip", ip).bind("email", normalize(email)).execute());
    }

    /** When the failure that fills the rule's quota leaves the window; empty while under the limit. */
    private static Optional<Instant> releaseTime(Handle handle, String column, String value, Rule rule) {
        return handle.createQuery("select failed_at from login_failures where " + column
                        + " = :value and failed_at > now() - make_interval(secs => :window)"
                        + " order by failed_at desc offset :skip limit 1")
                .bind("value", value)
                .bind("window", (double) rule.window().toSeconds())
                .bind("skip", rule.maxFailures() - 1)
                .mapTo(Instant.class)
                .findOne()
                .map(failedAt -> failedAt.plus(rule.window()));
    }

    private static String normalize(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public static long minutesToWait(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }
}
