package hearth.support;

import org.jdbi.v3.core.Handle;

/**
 * Fixed-window rate limits kept in PostgreSQL (table rate_limits), so every app process counts the
 * same window. Taking from a bucket is one upsert that only increments while the count stays within
 * the limit: concurrent requests from any number of processes queue on the row lock, and a limit of
 * 30 lets exactly 30 through. Windows start on the database's clock, never a node's.
 */
public final class RateLimits {
    /** A member's messages: 30 a minute, over all their conversations. */
    public static final Limit MESSAGES = new Limit("support-messages:user:", "minute", 30,
            "You can send up to %d messages a minute. Wait %d seconds, then send again.");
    /** Files attached by an org's members: 50 an hour. */
    public static final Limit UPLOADS = new Limit("support-uploads:org:", "hour", 50,
            "Your organization can attach up to %d files an hour. Wait %d minutes, then attach them again.");

    /**
     * Files the support team attaches in an org's conversations: the same bucket as the org's members'
     * (the files are stored as the org's), told to the agent in the agent's words.
     */
    public static final Limit STAFF_UPLOADS = new Limit(UPLOADS.prefix(), UPLOADS.window(), UPLOADS.max(),
            "The member's organization has reached its limit of %d files an hour. Wait %d minutes, then attach them again.");
    /**
     * A member's hand-offs from the assistant to a person: 5 an hour. Each makes a support conversation
     * and a triage request to a model that no assistant quota counts.
     */
    public static final Limit HANDOFFS = new Limit("support-handoffs:user:", "hour", 5,
            "You can hand up to %d conversations an hour to a person. Wait %d minutes, then try again.");

    public record Limit(String prefix, String window, int max, String message) {}

    /** A request refused by a limit; thrown inside the transaction, so nothing it wrote stays. */
    public static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private RateLimits() {}

    /** Counts {@code amount} against {@code limit} for {@code ownerId} in the current window, or throws {@link Exceeded}. */
    public static void take(Handle handle, Limit limit, long ownerId, int amount) {
        var bucket = limit.prefix() + ownerId;
        var counted = handle.createQuery("""
                        insert into rate_limits as r (bucket, starts_at, count)
                        select :bucket, date_trunc(:window, now()), :amount where :amount <= :max
                        on conflict (bucket, starts_at) do update set count = r.count + :amount
                        where r.count + :amount <= :max
                        returning r.count
                        """)
                .bind("bucket", bucket).bind("window", limit.window()).bind("amount", amount).bind("max", limit.max())
                .mapTo(Integer.class).findOne();
        if (counted.isEmpty()) {
            var wait = handle.createQuery("""
                            select ceil(extract(epoch from date_trunc(:window, now()) + cast('1 ' || :window as interval) - now()))
                            """)
                    .bind("window", limit.window()).mapTo(Long.class).one();
            var unit = limit.window().equals("hour") ? Math.max(1, (wait + 59) / 60) : Math.max(1, wait);
            throw new Exceeded(String.format(limit.message(), limit.max(), unit));
        }
    }

    /** Deletes the windows that ended more than a day ago (called by housekeeping). */
    public static int prune(Handle handle) {
        return handle.createUpdate("delete from rate_limits where starts_at < now() - interval '1 day'").execute();
    }
}
