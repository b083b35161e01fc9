package dev.caravan.platform.budget;

import dev.caravan.api.budget.BudgetLedger.Reservation;
import dev.caravan.api.budget.BudgetLedger.Verdict;
import dev.caravan.platform.storage.StorageException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reservations queued per budget window on this node, so that at most one transaction per window
 * is in flight from here: whatever arrives while it runs waits in memory and goes into the next
 * one, which decides them all under one row lock ({@link ReservationBatch}). A burst of N requests
 * on one budget costs a few short transactions instead of N statements queued behind each other's
 * row lock and commit, which outlasted {@code admit.policy_timeout_ms} and turned refusals at the
 * limit into 503s.
 *
 * <p>A reservation with a deadline (the policy's, {@code PolicyRequest.deadline}) is answered by
 * then whatever the database does: if it is still waiting (a pause, a cold first transaction,
 * another node holding the row), it is refused as over the limit when the window, as this node's
 * last transaction on it left it, had no room for it (the budget was exhausted then), else
 * answered undecided (the budget is contended: the caller says so with a 429 and Retry-After), or
 * failed when this node's last budget transaction failed (the database is down: a 503). None of
 * these adds spend, so they cannot overshoot; should the queued transaction grant the reservation
 * after all, it is released at once. A reservation without a deadline (a caller built before
 * plugin-api 0.1.4) is refused after {@code decideWithin} when the window had no room when last
 * seen, and otherwise waits for the database. Waiting is bounded: past {@link #MAX_PENDING} queued
 * reservations in one window a reservation fails at once (the request gets a 503).
 */
final class ReservationLanes {

    static final int MAX_PENDING = 10_000;
    /** Reservations decided by one transaction at most; the rest wait for the next. */
    static final int MAX_BATCH = 1_000;
    /** Windows whose last state is remembered (budgets × open periods); past it the memory starts over. */
    private static final int MAX_OBSERVED = 10_000;

    /** One queued reservation; {@code ceiling} is the budget's limit, or null for a prepaid balance. */
    record Pending(BigDecimal amount, BigDecimal ceiling, CompletableFuture<Verdict> answer, boolean timed) {}

    private record Window(String account, String window) {}

    /** A window as this node's last transaction on it left it. */
    private record Observed(BigDecimal used, BigDecimal credited) {}

    /** A window's queue; every field is guarded by the map's lock on its key (all changes go through compute). */
    private static final class Lane {
        final List<Pending> queued = new ArrayList<>();
        boolean running;
    }

    /**
     * Runs a task after a delay on the JDK's delay thread, the single thread that also times out
     * the policy waiting for the answer (PolicyRun's {@code orTimeout}) and that runs due tasks in
     * the order they fell due. Every answer to a reservation with a deadline is given there: the
     * database's (handed over as it arrives) and the deadline's own, so whatever pauses the
     * gateway (CPU starvation, GC), an answer due before the policy's time-out reaches the policy
     * before it. Such a task does a look-up and completes a future; the continuations it runs are
     * the budget policy's, which do not block.
     */
    private static final java.util.function.LongFunction<Executor> ON_DELAY_THREAD =
            ms -> CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS, Runnable::run);

    private final Map<Window, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<Window, Observed> observed = new ConcurrentHashMap<>();
    private final ReservationBatch batch;
    private final Executor executor;
    private final Duration decideWithin;
    private final Consumer<Reservation> release;
    /** Whether this node's last budget transaction failed: an undecided reservation then fails too. */
    private volatile boolean storeFailing;

    /**
     * @param decideWithin when a waiting reservation without a deadline is answered from the
     *                     window's last known state (if that has no room); null never
     * @param release      gives back a reservation granted after its caller was refused
     */
    ReservationLanes(ReservationBatch batch, Executor executor, Duration decideWithin, Consumer<Reservation> release) {
        this.batch = batch;
        this.executor = executor;
        this.decideWithin = decideWithin;
        this.release = release;
    }

    /** @param answerBy when the reservation must be answered, or null (then {@code decideWithin} applies) */
    CompletableFuture<Verdict> reserve(String account, String window, BigDecimal amount, BigDecimal ceiling, Instant answerBy) {
        Pending pending = new Pending(amount, ceiling, new CompletableFuture<>(), answerBy != null);
        Window key = new Window(account, window);
        boolean[] start = {false};
        boolean[] full = {false};
        lanes.compute(key, (k, lane) -> {
            Lane l = lane == null ? new Lane() : lane;
            if (l.queued.size() >= MAX_PENDING) {
                full[0] = true;
                return l;
            }
            l.queued.add(pending);
            if (!l.running) {
                l.running = true;
                start[0] = true;
            }
            return l;
        });
        if (full[0]) {
            pending.answer().completeExceptionally(new StorageException("budget ledger: " + MAX_PENDING
                    + " reservations already queued for budget '" + account + "'"));
            return pending.answer();
        }
        if (answerBy != null) {
            long ms = Math.max(0, Duration.between(Instant.now(), answerBy).toMillis());
            ON_DELAY_THREAD.apply(ms).execute(() -> answerNow(key, pending));
        } else if (decideWithin != null) {
            CompletableFuture.delayedExecutor(decideWithin.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
                    .execute(() -> refuseIfNoRoom(key, pending));
        }
        if (start[0]) {
            schedule(key);
        }
        return pending.answer();
    }

    /** The deadline came before the database's answer. */
    private void answerNow(Window key, Pending pending) {
        if (pending.answer().isDone() || refuseIfNoRoom(key, pending)) {
            return;
        }
        if (storeFailing) {
            pending.answer().completeExceptionally(new StorageException("budget ledger: the database failed this node's last"
                    + " budget transaction and has not answered this one in time"));
        } else {
            pending.answer().complete(Verdict.UNDECIDED);
        }
    }

    /** Refuses the reservation when the window had no room for it when last seen; whether it did. */
    private boolean refuseIfNoRoom(Window key, Pending pending) {
        Observed last = observed.get(key);
        if (last == null || pending.answer().isDone()) {
            return false;
        }
        BigDecimal ceiling = pending.ceiling() != null ? pending.ceiling() : last.credited();
        return last.used().add(pending.amount()).compareTo(ceiling) > 0 && pending.answer().complete(Verdict.OVER_LIMIT);
    }

    private void schedule(Window key) {
        try {
            executor.execute(() -> drain(key));
        } catch (RejectedExecutionException e) { // the storage executor is full: fail what waits, free the lane
            List<Pending> dropped = new ArrayList<>();
            lanes.compute(key, (k, lane) -> {
                dropped.addAll(lane.queued);
                return null;
            });
            dropped.forEach(p -> p.answer().completeExceptionally(new StorageException("budget ledger: overloaded", e)));
        }
    }

    /** Runs one transaction for what is queued, then hands the lane on (or frees it when empty). */
    private void drain(Window key) {
        List<Pending> taken = new ArrayList<>();
        lanes.compute(key, (k, lane) -> {
            List<Pending> head = lane.queued.subList(0, Math.min(MAX_BATCH, lane.queued.size()));
            taken.addAll(head);
            head.clear();
            return lane;
        });
        taken.removeIf(p -> p.answer().isDone()); // refused from the last known state meanwhile
        ReservationBatch.Decided decided = null;
        RuntimeException failure = null;
        try {
            decided = taken.isEmpty() ? null : batch.decide(key.account(), key.window(), taken);
        } catch (RuntimeException e) {
            failure = e;
        }
        storeFailing = failure != null;
        if (decided != null) {
            if (observed.size() >= MAX_OBSERVED) {
                observed.clear();
            }
            observed.put(key, new Observed(decided.used(), decided.credited()));
        }
        boolean[] more = {false};
        lanes.compute(key, (k, lane) -> {
            if (lane.queued.isEmpty()) {
                return null;
            }
            more[0] = true;
            return lane;
        });
        if (more[0]) {
            schedule(key);
        }
        // Answered after the commit and after the lane was handed on, so a caller's continuation
        // (it runs on the answering thread) never delays the queue.
        ReservationBatch.Decided result = decided;
        RuntimeException error = failure;
        Runnable answers = () -> {
            for (int i = 0; i < taken.size(); i++) {
                answer(taken.get(i), result == null ? null : result.answers().get(i), error);
            }
        };
        if (taken.stream().anyMatch(Pending::timed)) {
            ON_DELAY_THREAD.apply(0L).execute(answers); // behind no deadline that is already due: see ON_DELAY_THREAD
        } else {
            answers.run();
        }
    }

    private void answer(Pending pending, Verdict decision, RuntimeException failure) {
        if (failure != null) {
            pending.answer().completeExceptionally(new StorageException("budget ledger: " + failure.getClass().getSimpleName(), failure));
        } else if (!pending.answer().complete(decision) && decision.reservation() != null) {
            release.accept(decision.reservation()); // its caller was already answered: nobody holds this reservation
        }
    }
}
