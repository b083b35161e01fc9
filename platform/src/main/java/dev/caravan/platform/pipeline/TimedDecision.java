package dev.caravan.platform.pipeline;

import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One policy's {@code beforeRequest} under its time budget ({@code admit.policy_timeout_ms}),
 * called on a policy thread. The policy is told to answer by a deadline a fifth of the budget
 * before the time-out ({@link PolicyRequest#deadline}), and what it waits on (the budget ledger)
 * answers by then, so a contended or exhausted budget reaches the caller as the policy's refusal.
 *
 * <p>The time-out is armed when {@code beforeRequest} has returned its stage, for what is left of
 * the budget, on the JDK's delay thread, which also gives the ledger's answers and runs due tasks
 * in the order they fell due. Armed at the start instead, it raced the policy's own thread: when
 * the gateway stalled (two busy cores, a GC pause) between the start and the reservation, the
 * time-out fell due first and a budget refusal became a 503. Armed after the return, it can only
 * fall due after an answer the ledger already owes. A policy that blocks inside
 * {@code beforeRequest} is caught by a watchdog at the end of the budget: timed out at once when
 * its thread is parked (waiting on a latch, a future, a sleep), re-checked while the thread is
 * runnable or entering a monitor (computing, waiting for a core, a short lock), up to
 * {@link #RUNNABLE_LIMIT} budgets.
 */
final class TimedDecision {

    /** The deadline comes the budget / this (a fifth) before the time-out. */
    private static final long DEADLINE_MARGIN = 5;
    /** How many budgets a runnable (or monitor-entering) policy thread may take to return from {@code beforeRequest}. */
    static final int RUNNABLE_LIMIT = 5;

    private TimedDecision() {}

    /**
     * Runs {@code beforeRequest} on the calling thread; {@code decided} gets its answer, or a
     * {@link TimeoutException} past the budget (even while the policy still blocks this thread),
     * once, on {@code executor}; {@code answer} receives the policy's own answer, however late.
     */
    static void run(RequestPolicy policy, PolicyRequest undated, long budgetMs, CompletableFuture<PolicyDecision> answer,
            BiConsumer<PolicyDecision, Throwable> decided, Executor executor) {
        // One moment for the budget and the deadline: read apart, a stall between the readings
        // would move the deadline past the time-out.
        long start = System.nanoTime();
        Instant deadline = Instant.now().plusMillis(budgetMs - budgetMs / DEADLINE_MARGIN);
        CompletableFuture<PolicyDecision> timed = new CompletableFuture<>();
        timed.whenCompleteAsync(decided, executor);
        answer.whenComplete((decision, error) -> {
            if (error != null) {
                timed.completeExceptionally(error);
            } else {
                timed.complete(decision);
            }
        });
        AtomicBoolean returned = new AtomicBoolean();
        watch(Thread.currentThread(), returned, timed, start, budgetMs, budgetMs);
        try {
            policy.beforeRequest(undated.withDeadline(deadline))
                    .whenComplete((decision, error) -> {
                        if (error != null) {
                            answer.completeExceptionally(error);
                        } else {
                            answer.complete(decision);
                        }
                    });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        returned.set(true);
        long left = Math.max(0, budgetMs - elapsedMs(start));
        later(left).execute(() -> timed.completeExceptionally(new TimeoutException()));
    }

    private static void watch(Thread caller, AtomicBoolean returned, CompletableFuture<PolicyDecision> timed, long start,
            long budgetMs, long delayMs) {
        later(delayMs).execute(() -> {
            if (returned.get() || timed.isDone()) {
                return;
            }
            Thread.State state = caller.getState();
            boolean underway = state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED;
            if (underway && elapsedMs(start) < budgetMs * RUNNABLE_LIMIT) {
                watch(caller, returned, timed, start, budgetMs, Math.max(1, budgetMs / DEADLINE_MARGIN));
            } else {
                timed.completeExceptionally(new TimeoutException());
            }
        });
    }

    private static Executor later(long ms) {
        return CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS, Runnable::run);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
