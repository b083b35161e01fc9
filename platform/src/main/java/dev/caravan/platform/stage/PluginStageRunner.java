package dev.caravan.platform.stage;

import dev.caravan.api.stage.Stage;
import dev.caravan.api.stage.StageDecision;
import dev.caravan.api.stage.StageRequest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin stages on a bounded pool of their own ({@code stages.threads}, at most
 * {@link #QUEUE_CAPACITY} calls waiting), never on a pipeline or I/O thread. The limit starts when a
 * thread picks the call up; at the limit the call's future fails with a timeout and its thread is
 * interrupted. A call refused because the queue is full fails at once, as a timeout would.
 */
final class PluginStageRunner implements AutoCloseable {

    static final int QUEUE_CAPACITY = 1024;

    private final int threads;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;

    PluginStageRunner(int threads) {
        this.threads = threads;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                r -> daemon(r, "caravan-stage-" + count.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "caravan-stage-timer"));
    }

    /** The call of {@code stage} as a {@link StageCall}. */
    StageCall of(Stage stage) {
        return (request, limit) -> call(stage, request, limit);
    }

    private CompletableFuture<StageDecision> call(Stage stage, StageRequest request, Duration limit) {
        CompletableFuture<StageDecision> result = new CompletableFuture<>();
        FutureTask<Void> running = new FutureTask<>(() -> {
            try {
                result.complete(stage.process(request));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, null);
        try {
            workers.execute(() -> {
                ScheduledFuture<?> expiry = timer.schedule(() -> {
                    if (result.completeExceptionally(new StageFailure(StageFailure.Kind.TIMEOUT,
                            "did not answer within " + limit.toMillis() + " ms"))) {
                        running.cancel(true);
                    }
                }, limit.toNanos(), TimeUnit.NANOSECONDS);
                running.run();
                expiry.cancel(false);
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new StageFailure(StageFailure.Kind.TIMEOUT, "not started: all " + threads
                    + " stage threads are busy and " + QUEUE_CAPACITY + " calls are queued"));
        }
        return result;
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
}
