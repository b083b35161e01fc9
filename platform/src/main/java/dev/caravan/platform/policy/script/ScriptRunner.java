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

    /** Spare workers at most, per configured worker, that replace stuck ones: bounds the threads a hostile script can pin. */
    static final int SPARES_PER_WORKER = 2;

    private final Duration timeout;
    private final int threads;
    private final AtomicInteger stuck = new AtomicInteger();
    private final java.util.Set<String> quarantined = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;

    ScriptRunner(int threads, Duration timeout) {
        this.timeout = timeout;
        this.threads = threads;
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
        return call(null, task, limit);
    }

    /**
     * {@link #call(Callable, Duration)} for the script known as {@code key}: if the call is still
     * running a grace period after it was interrupted (it blocks in code that ignores interrupts),
     * its worker is written off and replaced (up to {@link #SPARES_PER_WORKER} per worker) and
     * {@code key} is quarantined: {@link #quarantined(String)} is true until the gateway restarts
     * or a new version of the script (another key) loads.
     */
    <T> CompletableFuture<T> call(String key, Callable<T> task, Duration limit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
        FutureTask<Void> running = new FutureTask<>(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                finished.set(true);
                if (abandoned.get()) {
                    released();
                }
            }
        }, null);
        try {
            workers.execute(() -> {
                timer.schedule(() -> {
                    if (expire(result, running, limit)) {
                        long grace = Math.max(limit.toMillis(), 200);
                        timer.schedule(() -> writeOffIfStuck(key, finished, abandoned), grace, TimeUnit.MILLISECONDS);
                    }
                }, limit.toNanos(), TimeUnit.NANOSECONDS);
                running.run();
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ScriptTimeoutException("not started: all " + workers.getMaximumPoolSize()
                    + " script threads are busy and " + QUEUE_CAPACITY + " invocations are queued"));
        }
        return result;
    }

    private static boolean expire(CompletableFuture<?> result, Future<?> running, Duration limit) {
        if (result.completeExceptionally(new ScriptTimeoutException("timed out after " + limit.toMillis() + " ms"))) {
            running.cancel(true);
            return true;
        }
        return false;
    }

    /** Still running after the interrupt: the worker is lost to this call; give the pool another one. */
    private synchronized void writeOffIfStuck(String key, java.util.concurrent.atomic.AtomicBoolean finished,
            java.util.concurrent.atomic.AtomicBoolean abandoned) {
        if (finished.get()) {
            return;
        }
        abandoned.set(true);
        if (key != null) {
            quarantined.add(key);
        }
        if (stuck.get() < threads * SPARES_PER_WORKER) {
            stuck.incrementAndGet();
            workers.setMaximumPoolSize(threads + stuck.get());
            workers.setCorePoolSize(threads + stuck.get());
        }
    }

    /** A written-off call ended after all: the pool gives back its spare. */
    private synchronized void released() {
        if (stuck.get() > 0) {
            stuck.decrementAndGet();
            workers.setCorePoolSize(threads + stuck.get());
            workers.setMaximumPoolSize(threads + stuck.get());
        }
    }

    /** True once a call of {@code key} did not stop at its time limit: such a script is not run again. */
    boolean quarantined(String key) {
        return key != null && quarantined.contains(key);
    }

    /** Workers currently written off (blocked past their limit and replaced). */
    int stuckWorkers() {
        return stuck.get();
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
