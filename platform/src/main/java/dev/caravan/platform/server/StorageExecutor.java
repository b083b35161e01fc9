package dev.caravan.platform.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run database look-ups needed by requests (key cache misses, receipt reads), so
 * pipeline threads never wait on JDBC. As many threads as pooled connections; a bounded queue,
 * and past it the caller's future fails (the request gets a 503) instead of queueing without end.
 */
public final class StorageExecutor implements AutoCloseable {

    private static final int QUEUE = 10_000;

    private final ThreadPoolExecutor executor;

    private StorageExecutor(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    public static StorageExecutor create(int threads) {
        return new StorageExecutor("caravan-storage-", Math.max(1, threads));
    }

    /** The same kind of bounded pool for other request-path work (the {@code admit} stage's policies). */
    public static StorageExecutor named(String threadPrefix, int threads) {
        return new StorageExecutor(threadPrefix, Math.max(1, threads));
    }

    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
