package dev.caravan.platform.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires once when no {@link #activity()} was seen for the timeout. One timer per watch at a time,
 * re-armed only when it fires early, so a busy stream costs one timer per timeout period rather
 * than one per chunk.
 */
final class IdleWatch {

    private final Duration timeout;
    private final ScheduledExecutorService timers;
    private final Runnable onIdle;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> timer;

    IdleWatch(Duration timeout, ScheduledExecutorService timers, Runnable onIdle) {
        this.timeout = timeout;
        this.timers = timers;
        this.onIdle = onIdle;
        arm(timeout.toNanos());
    }

    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    /** After it fired while the silence was the gateway's own doing (a guardrail check): watch again from now. */
    void restart() {
        activity();
        arm(timeout.toNanos());
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> current = timer;
        if (current != null) {
            current.cancel(false);
        }
    }

    Duration timeout() {
        return timeout;
    }

    private void arm(long delayNanos) {
        if (!stopped) {
            timer = timers.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long quiet = System.nanoTime() - lastActivityNanos;
        if (quiet >= timeout.toNanos()) {
            if (!stopped) {
                onIdle.run();
            }
        } else {
            arm(timeout.toNanos() - quiet);
        }
    }
}
