package dev.caravan.platform.policy.script;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs script code on a bounded pool of its own, never on the caller's thread, and stops it at the
 * time limit: the result completes with {@link ScriptTimeoutException} and the worker is interrupted.
 * Scripts are compiled with {@code @ThreadInterrupt}, so every loop, closure and method checks the
 * interrupt flag and a runaway {@code while (true) {}} ends with an {@code InterruptedException}.
 */
final class ScriptRunner implements AutoCloseable {

    static final int QUEUE_CAPACITY = 1024;

    private final Duration timeout;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;

    ScriptRunner(int threads, Duration timeout) {
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> daemon(r, "caravan-policy-" + count.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "caravan-policy-timer"));
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code task}; the timer starts when a worker picks it up, so queueing is not charged to the script. */
    <T> CompletableFuture<T> call(Callable<T> task) {
        return call(task, timeout);
    }

    /** {@link #call(Callable)} with another limit: loading a script, a one-off, may take longer than a request. */
    <T> CompletableFuture<T> call(Callable<T> task, Duration limit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<Void> running = new FutureTask<>(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, null);
        try {
            workers.execute(() -> {
                timer.schedule(() -> expire(result, running, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
                running.run();
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ScriptTimeoutException("not started: all " + workers.getMaximumPoolSize()
                    + " script threads are busy and " + QUEUE_CAPACITY + " invocations are queued"));
        }
        return result;
    }

    private static void expire(CompletableFuture<?> result, Future<?> running, Duration limit) {
        if (result.completeExceptionally(new ScriptTimeoutException("timed out after " + limit.toMillis() + " ms"))) {
            running.cancel(true);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    /** The script did not finish within its time budget (or could not start). */
    static final class ScriptTimeoutException extends RuntimeException {
        ScriptTimeoutException(String message) {
            super(message, null, false, false);
        }
    }
}
