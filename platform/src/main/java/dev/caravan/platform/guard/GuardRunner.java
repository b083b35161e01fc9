package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs guardrail checks on a pool of its own, never on a Netty I/O thread nor on a Camel worker
 * (which would then wait): each check gets the configured time budget, after which its result is an
 * error and its thread is interrupted. An exception, an overrun or a missing verdict is handled
 * by {@code guardrails_on_error}: allow (fail-open) or deny (fail-closed). Results are delivered
 * on the guard pool's thread or the timer's. An {@link AsyncGuardCheck} runs on its own pool; only
 * its result comes back to the guard pool.
 */
public final class GuardRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuardRunner.class);

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timers;
    private final Duration timeout;
    private final boolean failClosed;

    public GuardRunner(int threads, Duration timeout, boolean failClosed) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_096), r -> {
            Thread t = new Thread(r, "caravan-guard-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-guard-timer");
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
        this.failClosed = failClosed;
    }

    /**
     * Runs {@code guards} one after another; a REDACT hands its transformed body to the next check,
     * a DENY stops the rest. {@code textOf} gives the user-visible text of a body (for streams, a
     * constant and a null body).
     */
    public CompletableFuture<PhaseOutcome> runAll(List<BoundGuard> guards, GuardPhase phase, RequestContext context,
            ObjectNode body, Function<ObjectNode, String> textOf, boolean complete) {
        return next(guards, 0, phase, context, body, textOf, complete, new ArrayList<>());
    }

    private CompletableFuture<PhaseOutcome> next(List<BoundGuard> guards, int i, GuardPhase phase, RequestContext context,
            ObjectNode body, Function<ObjectNode, String> textOf, boolean complete, List<GuardResult> results) {
        if (i == guards.size()) {
            return CompletableFuture.completedFuture(new PhaseOutcome(results, body, null));
        }
        BoundGuard guard = guards.get(i);
        String text;
        try {
            text = textOf.apply(body);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(guard, new GuardInput(phase, context, body, text, complete)).thenCompose(result -> {
            results.add(result);
            if (result.denies()) {
                return CompletableFuture.completedFuture(new PhaseOutcome(results, body, result));
            }
            ObjectNode nextBody = result.action() == Action.REDACT ? result.verdict().transformed() : body;
            return next(guards, i + 1, phase, context, nextBody, textOf, complete, results);
        });
    }

    /** One check within the time budget; never completes exceptionally. */
    public CompletableFuture<GuardResult> run(BoundGuard guard, GuardInput input) {
        CompletableFuture<GuardResult> result = new CompletableFuture<>();
        FutureTask<Void> task = null;
        if (guard.check() instanceof AsyncGuardCheck async) {
            CompletableFuture<GuardVerdict> verdict;
            try {
                verdict = async.checkAsync(input);
            } catch (RuntimeException e) {
                verdict = CompletableFuture.failedFuture(e);
            }
            // Hand the result back to the guard pool: what follows (the next check, the stage) must not
            // run on the check's own threads (a script worker or its timer).
            verdict.whenComplete((v, e) -> deliver(() -> result.complete(e == null ? judged(guard, v) : failed(guard, input, unwrap(e)))));
        } else {
            task = new FutureTask<>(() -> {
                result.complete(verdictOf(guard, input));
                return null;
            });
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                result.complete(GuardResult.failed(guard, "guardrail '" + guard.id() + "' not run: the guardrail pool is saturated", failClosed));
                return result;
            }
        }
        FutureTask<Void> running = task;
        ScheduledFuture<?> timer = timers.schedule(() -> {
            if (result.complete(GuardResult.failed(guard, "guardrail '" + guard.id() + "' exceeded its time budget of "
                    + timeout.toMillis() + " ms", failClosed)) && running != null) {
                running.cancel(true);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        return result;
    }

    private void deliver(Runnable completion) {
        try {
            pool.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run(); // saturated: deliver here rather than lose the result
        }
    }

    private GuardResult verdictOf(BoundGuard guard, GuardInput input) {
        try {
            return judged(guard, guard.check().check(input));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return failed(guard, input, e);
        }
    }

    private GuardResult judged(BoundGuard guard, GuardVerdict verdict) {
        if (verdict == null || verdict.action() == null) {
            return GuardResult.failed(guard, "guardrail '" + guard.id() + "' returned no verdict", failClosed);
        }
        if (verdict.action() == Action.REDACT && verdict.transformed() == null) {
            // Nothing to forward instead: the safe reading of a redaction without a body is a denial.
            return GuardResult.of(guard, GuardVerdict.deny(guard.id(), "redaction impossible here: "
                    + (verdict.reason() == null ? "no transformed body" : verdict.reason())));
        }
        return GuardResult.of(guard, verdict);
    }

    private GuardResult failed(BoundGuard guard, GuardInput input, Throwable e) {
        String logged = e instanceof CheckTimedOut || e instanceof CheckFailed ? e.getMessage() : e.getClass().getName();
        LOG.warn("trace {}: guardrail '{}' ({}) failed: {}", input.context() == null ? "-" : input.context().traceId(),
                guard.id(), guard.path(), logged);
        String what = e instanceof CheckTimedOut ? e.getMessage()
                : "failed: " + (e instanceof CheckFailed failure ? failure.kind() : e.getClass().getSimpleName());
        return GuardResult.failed(guard, "guardrail '" + guard.id() + "' " + what, failClosed);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * What an {@link AsyncGuardCheck} fails with when its own time limit stopped it; the message
     * (e.g. {@code timed out after 50 ms}) becomes the reason in the receipt and the 446 error.
     */
    public static final class CheckTimedOut extends RuntimeException {
        public CheckTimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What an {@link AsyncGuardCheck} fails with once it has made its error safe to show: the message
     * (for the log) holds no stack trace, cause, request text or secret; {@code kind} (the original
     * exception's simple name) is all the client and the receipt get.
     */
    public static final class CheckFailed extends RuntimeException {
        private final String kind;

        public CheckFailed(String kind, String safeMessage) {
            super(safeMessage, null, false, false);
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        pool.shutdownNow();
    }
}
