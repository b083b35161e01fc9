package dev.caravan.platform.ratelimit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code shared: true} limit's metric on this node: a lease of the current calendar minute's
 * allowance, taken from {@link LeaseStore} a small batch at a time ({@link #leaseSize}, 5% of the
 * limit) and spent locally, so most requests never wait for the database. The database grants a
 * lease only while {@code used + lease <= limit}, so all nodes together never admit more than the
 * limit in a minute; a lease left unused for {@link #IDLE_RETURN_MS} goes back, so a node that went
 * quiet does not starve the others. All state is guarded by the {@link RateLimiter}'s lock.
 */
final class SharedWindowCounter implements Allowance {

    static final long WINDOW_MS = 60_000;
    static final long IDLE_RETURN_MS = 1_000;
    /** After the window was found full, or the database failed, how long before asking it again. */
    static final long RECHECK_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(SharedWindowCounter.class);

    enum Status { OK, FULL, STORE_FAILED, NEEDS_LEASE }

    private final String key;
    private final long limit;
    private final long leaseSize;
    private final Object lock;
    private final LongSupplier millis;
    private final LeaseStore store;
    private final Executor executor;
    private long window = Long.MIN_VALUE;
    private long local;
    private long usedInDatabase;
    private long fullAt = Long.MIN_VALUE / 2;
    private long failedAt = Long.MIN_VALUE / 2;
    private long lastUse;
    private long demand;
    private CompletableFuture<Void> leasing;
    private boolean returnScheduled;

    SharedWindowCounter(String key, long limit, Object lock, LongSupplier millis, LeaseStore store, Executor executor) {
        this.key = key;
        this.limit = limit;
        this.leaseSize = Math.max(1, limit / 20);
        this.lock = lock;
        this.millis = millis;
        this.store = store;
        this.executor = executor;
    }

    Status status(long amount) {
        long now = roll();
        if (local >= amount) {
            return Status.OK;
        }
        if (now - fullAt < RECHECK_MS) {
            return Status.FULL;
        }
        return now - failedAt < RECHECK_MS ? Status.STORE_FAILED : Status.NEEDS_LEASE;
    }

    /** Milliseconds until the current window ends, when a full one has room again. */
    long millisUntilWindowEnd() {
        long now = roll();
        return (window + 1) * WINDOW_MS - now;
    }

    /** The window this node is counting in, for settling a charge in the window it was taken from. */
    long window() {
        roll();
        return window;
    }

    /**
     * Asks the database for enough lease for {@code amount}, one refill at a time per counter:
     * what requests ask for while one is in flight is added up and asked for by the next, so a
     * burst is served in a few round trips rather than one per lease.
     */
    CompletableFuture<Void> lease(long amount) {
        roll();
        demand += amount;
        if (leasing != null) {
            return leasing;
        }
        long of = window;
        long want = Math.max(leaseSize, demand - local);
        demand = 0;
        CompletableFuture<Void> refill;
        try {
            refill = CompletableFuture.supplyAsync(() -> store.lease(key, of, want, limit), executor)
                    .handle((grant, error) -> {
                        granted(of, want, grant, error);
                        return null;
                    });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            granted(of, want, null, e);
            return CompletableFuture.completedFuture(null);
        }
        if (!refill.isDone()) {
            leasing = refill;
        }
        return refill;
    }

    private void granted(long of, long want, LeaseStore.Grant grant, Throwable error) {
        synchronized (lock) {
            leasing = null;
            long now = roll();
            if (window != of) {
                return; // the minute is over: what was leased from it no longer matters
            }
            if (error != null) {
                failedAt = now;
                LOG.warn("shared rate limit {}: leasing from the database failed: {}", key, error.toString());
                return;
            }
            local += grant.granted();
            usedInDatabase = grant.usedAfter();
            if (grant.granted() < want) {
                fullAt = now;
            }
            scheduleReturn();
        }
    }

    private void scheduleReturn() {
        if (returnScheduled || local <= 0) {
            return;
        }
        returnScheduled = true;
        try {
            CompletableFuture.delayedExecutor(IDLE_RETURN_MS, TimeUnit.MILLISECONDS, executor).execute(this::returnIfIdle);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            returnScheduled = false;
        }
    }

    /** On the storage executor: gives an idle lease back, or looks again later. */
    private void returnIfIdle() {
        long amount;
        long of;
        synchronized (lock) {
            returnScheduled = false;
            long now = roll();
            if (local <= 0) {
                return;
            }
            if (now - lastUse < IDLE_RETURN_MS || leasing != null) {
                scheduleReturn();
                return;
            }
            amount = local;
            of = window;
            local = 0;
            usedInDatabase -= amount;
        }
        try {
            store.giveBack(key, of, amount);
        } catch (RuntimeException e) {
            // Lost lease only makes the limit stricter for the rest of this minute.
            LOG.warn("shared rate limit {}: returning {} unused failed: {}", key, amount, e.toString());
        }
    }

    /** Starts a new window when the minute changed; returns the time now. */
    private long roll() {
        long now = millis.getAsLong();
        long current = Math.floorDiv(now, WINDOW_MS);
        if (current != window) {
            window = current;
            local = 0;
            usedInDatabase = 0;
            fullAt = Long.MIN_VALUE / 2;
        }
        return now;
    }

    @Override
    public long capacity() {
        return limit;
    }

    /** What is left in the window for every node, as of this node's last lease, plus its own lease. */
    @Override
    public long available(long nowNanos) {
        roll();
        return Math.max(0, Math.min(limit, limit - usedInDatabase + local));
    }

    @Override
    public void take(long amount, long nowNanos) {
        lastUse = roll();
        local -= amount;
    }

    @Override
    public void refund(long amount, long nowNanos) {
        lastUse = roll();
        local += amount;
        scheduleReturn();
    }

    @Override
    public long nanosUntilFull(long nowNanos) {
        return available(nowNanos) >= limit ? 0 : millisUntilWindowEnd() * 1_000_000L;
    }
}
