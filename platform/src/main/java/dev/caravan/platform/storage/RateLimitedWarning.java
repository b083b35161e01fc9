package dev.caravan.platform.storage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** A warning logged at most once per interval, so a degraded path cannot flood the log. */
final class RateLimitedWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong lastNanos;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.lastNanos = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Logs the message unless one was logged within the interval; says how many were skipped. */
    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last < intervalNanos || !lastNanos.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (log.isWarnEnabled()) {
            log.warn(skipped == 0 ? format : format + " (" + skipped + " similar warnings suppressed)", args);
        }
    }
}
