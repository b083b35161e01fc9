package dev.caravan.platform.health;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors that leave this process unfit to serve (an {@link OutOfMemoryError} seen on any thread,
 * any {@link Error} that ended a thread): after one, threads the gateway relies on may be dead and
 * state half-updated, so {@code /health} reports the node broken until it is restarted. Recorded by
 * a default uncaught-exception handler (installed once, keeping any earlier one) and by parts that
 * catch such an error themselves. Process-wide: one heap, one set of threads.
 */
public final class FatalErrors {

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final int KEPT = 10;

    private FatalErrors() {}

    /** Installs the default uncaught-exception handler that records errors; idempotent. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof Error) {
                record(thread.getName(), error);
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            }
        });
    }

    /** Records a fatal error seen in {@code where} (a thread or component name). Never throws. */
    public static void record(String where, Throwable error) {
        if (SEEN.size() < KEPT) {
            SEEN.add(where + ": " + error.getClass().getSimpleName());
        }
        try {
            LOG.error("Fatal error in {}: this node now reports itself broken (GET /health 503) until restarted", where, error);
        } catch (Throwable ignored) {
            // logging itself may fail without memory; the record above is what /health reads
        }
    }

    /** What was recorded, e.g. {@code caravan-upstream-3: OutOfMemoryError}; empty when none. */
    public static List<String> seen() {
        return List.copyOf(SEEN);
    }
}
