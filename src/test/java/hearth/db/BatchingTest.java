package hearth.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Lookups that arrive together share a load; each caller still gets its own key's answer, or the load's failure. */
class BatchingTest {
    private final List<List<Integer>> loads = new CopyOnWriteArrayList<>();

    /** Answers each key with its square after a pause long enough for others to arrive meanwhile; 13 is never found. */
    private Map<Integer, String> squares(List<Integer> keys) {
        loads.add(keys);
        sleep(20);
        return keys.stream().filter(k -> k != 13).distinct().collect(Collectors.toMap(Function.identity(), k -> "" + k * k));
    }

    @Test
    void aLoneLookupLoadsAtOnceOnItsOwnThread() {
        var caller = Thread.currentThread();
        var batching = new Batching<Integer, String>(keys -> {
            assertEquals(caller, Thread.currentThread());
            return squares(keys);
        }, 10);
        assertEquals("49", batching.get(7));
        assertNull(batching.get(13), "a key the load leaves out is answered null");
        assertEquals(List.of(List.of(7), List.of(13)), loads);
    }

    @Test
    void lookupsArrivingTogetherShareLoadsAndEachGetsItsOwnAnswer() throws Exception {
        var batching = new Batching<Integer, String>(this::squares, 16);
        var answers = lookUpTogether(batching, 100);
        for (int k = 0; k < 100; k++) {
            assertEquals(k == 13 ? null : "" + k * k, answers.get(k).get(), "key " + k);
        }
        assertTrue(loads.size() < 30, "100 lookups in " + loads.size() + " loads");
        assertTrue(loads.stream().allMatch(keys -> keys.size() <= 16), "no load is given more than the most: " + loads);
        assertEquals(100, loads.stream().mapToInt(List::size).sum(), "every key is loaded once");
    }

    @Test
    void aFailedLoadFailsItsCallersAndTheNextLoadStillRuns() throws Exception {
        var batching = new Batching<Integer, String>(keys -> {
            if (keys.contains(13)) {
                loads.add(keys);
                sleep(20);
                throw new IllegalStateException("the database went away");
            }
            return squares(keys);
        }, 1_000);
        var answers = lookUpTogether(batching, 40);
        var failed = 0;
        for (int k = 0; k < 40; k++) {
            var key = k;
            var failedLoad = loads.stream().anyMatch(keys -> keys.contains(key) && keys.contains(13));
            if (failedLoad) {
                var error = assertThrows(java.util.concurrent.ExecutionException.class, answers.get(k)::get);
                assertEquals("the database went away", error.getCause().getMessage());
                failed++;
            } else {
                assertEquals("" + k * k, answers.get(k).get());
            }
        }
        assertTrue(failed >= 1 && failed < 40, failed + " of 40 failed with the load that had 13");
        assertEquals("4", batching.get(2), "a later lookup loads again");
    }

    @Test
    void anErrorInALoadIsThrownAndDoesNotStopLaterLookups() {
        var batching = new Batching<Integer, String>(keys -> {
            if (keys.contains(13)) {
                throw new StackOverflowError("deep");
            }
            return squares(keys);
        }, 10);
        assertThrows(StackOverflowError.class, () -> batching.get(13));
        assertEquals("4", batching.get(2), "the lead was handed back, not kept by the failed load");
    }

    private static List<Future<String>> lookUpTogether(Batching<Integer, String> batching, int count) throws Exception {
        var pool = Executors.newFixedThreadPool(count);
        var ready = new CountDownLatch(count);
        try {
            var answers = new ArrayList<Future<String>>();
            for (int k = 0; k < count; k++) {
                var key = k;
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    // Spread over a few loads: the first arrivals start one, the rest queue behind it.
                    sleep(key % 5 * 10);
                    return batching.get(key);
                }));
            }
            for (var answer : answers) {
                try {
                    answer.get();
                } catch (java.util.concurrent.ExecutionException expected) {
                    // looked at by the test
                }
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
