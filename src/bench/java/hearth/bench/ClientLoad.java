package hearth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients at once, each a thread with its own keep-alive connection, going through {@code urls} in
 * turn (client {@code t} starting at the {@code t}-th) for a number of seconds. With a think time
 * each client pauses a random while between requests (exponential, that mean), and starts at a
 * random moment of the first one, so the clients do not march in step.
 */
final class ClientLoad {
    record Result(Latencies latencies, long failures, double seconds) {
        double perSecond() {
            return latencies.count() / seconds;
        }
    }

    private ClientLoad() {}

    /**
     * {@code sessions}: one per client, each with connections of its own ({@link BenchClient#sameSession}).
     * Each opens its connection before the clock starts; {@code atStart} runs just before it does.
     */
    static Result run(List<BenchClient> sessions, List<String> urls, int thinkMillis, int seconds, Runnable atStart)
            throws InterruptedException {
        var perThread = new ConcurrentLinkedQueue<Latencies>();
        var failures = new AtomicLong();
        var start = new CountDownLatch(1);
        var deadline = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < sessions.size(); t++) {
            var own = sessions.get(t);
            var offset = t;
            var random = new Random(t);
            var thread = new Thread(() -> {
                var latencies = new Latencies();
                try {
                    start.await();
                    if (thinkMillis > 0) {
                        Thread.sleep(random.nextInt(thinkMillis));
                    }
                    for (int i = offset; System.nanoTime() < deadline.get(); i++) {
                        try {
                            latencies.add(own.timedGet(urls.get(i % urls.size()), 200));
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        if (thinkMillis > 0) {
                            Thread.sleep((long) (-Math.log(1 - random.nextDouble()) * thinkMillis));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                perThread.add(latencies);
            }, "bench-client-" + t);
            thread.start();
            threads.add(thread);
            own.timedGet(urls.get(0), 200);
        }
        atStart.run();
        var began = System.nanoTime();
        deadline.set(began + seconds * 1_000_000_000L);
        start.countDown();
        for (var thread : threads) {
            thread.join();
        }
        var elapsed = (System.nanoTime() - began) / 1e9;
        var all = new Latencies();
        perThread.forEach(all::addAll);
        return new Result(all, failures.get(), elapsed);
    }
}
