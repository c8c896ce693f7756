package hearth.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Lookups of one kind that arrive while one is running wait for it, then go to the database together
 * as one query. Alone, a lookup runs at once on its own thread, as it would without this; in a burst
 * (thousands of event streams reopening after a node restart) each query answers every lookup that
 * arrived during the one before, instead of each taking a pooled connection and a round trip.
 *
 * <p>No thread of its own: the first caller queries; when it is done, the first of those who arrived
 * meanwhile queries for all of them, and so on.
 */
public final class Batching<K, V> {
    private static final Object LEAD = new Object();

    private final Function<List<K>, Map<K, V>> load;
    private final int most;
    private final ArrayDeque<Waiter<K>> waiting = new ArrayDeque<>();
    /** Whether a caller is querying, or has been told to. Guarded by this. */
    private boolean leading;

    /** {@code load} answers for a list of keys (at most {@code most}); a key it leaves out is answered null. */
    public Batching(Function<List<K>, Map<K, V>> load, int most) {
        this.load = load;
        this.most = most;
    }

    public V get(K key) {
        var mine = new Waiter<>(key);
        boolean lead;
        synchronized (this) {
            waiting.add(mine);
            lead = !leading;
            leading = true;
        }
        if (!lead) {
            var outcome = await(mine);
            if (outcome != LEAD) {
                return answer(outcome);
            }
        }
        var batch = new ArrayList<Waiter<K>>();
        synchronized (this) {
            while (!waiting.isEmpty() && batch.size() < most) {
                batch.add(waiting.poll());
            }
        }
        Map<K, V> values = null;
        Throwable failure = null;
        try {
            values = load.apply(batch.stream().map(w -> w.key).toList());
        } catch (RuntimeException | Error e) {
            failure = e; // whatever happens, the others are answered and the lead handed on: else every later lookup waits forever
        }
        for (var waiter : batch) {
            if (waiter != mine) {
                if (failure != null) {
                    waiter.turn.completeExceptionally(failure);
                } else {
                    waiter.turn.complete(new Answer(values.get(waiter.key)));
                }
            }
        }
        Waiter<K> next;
        synchronized (this) {
            next = waiting.peek();
            leading = next != null;
        }
        if (next != null) {
            next.turn.complete(LEAD);
        }
        if (failure != null) {
            throw rethrown(failure);
        }
        return values.get(key);
    }

    private static Object await(Waiter<?> waiter) {
        try {
            return waiter.turn.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The load's own failure, thrown again in each caller it failed. */
    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    @SuppressWarnings("unchecked")
    private V answer(Object outcome) {
        return (V) ((Answer) outcome).value;
    }

    private record Answer(Object value) {}

    private static final class Waiter<K> {
        final K key;
        /** Completed with its answer, with {@link #LEAD} when it is this caller's turn to query, or with the query's failure. */
        final CompletableFuture<Object> turn = new CompletableFuture<>();

        Waiter(K key) {
            this.key = key;
        }
    }
}
