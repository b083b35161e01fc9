package dev.caravan.platform.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for the long-running commands (docs/operations.md#shutdown). The first signal
 * runs the graceful shutdown on its own thread and then releases {@link #await}, so the command
 * returns and the process exits 0; a second cuts the drain short (open streams end with their
 * error event now, the writers still flush); a third halts at once with 128 + the signal number.
 *
 * <p>Why {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported on JDK 17, also what
 * Netty and Spark use) rather than a shutdown hook: the JVM answers SIGTERM by starting its
 * shutdown, whose exit status is 143 whatever the hooks do, and inside a hook {@code System.exit}
 * blocks forever and {@code Runtime.halt} skips the other hooks (logging's among them). Handling the
 * signal itself, the drain runs in a live JVM, the exit status is the command's and the JVM's own
 * shutdown comes after. The shutdown hook stays for the other ways a JVM ends (System.exit elsewhere,
 * SIGHUP, a platform without these signals): it runs the same drain, with the JVM's exit status.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final Runnable drainAndClose;
    private final Runnable cutShort;
    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    private ShutdownSignals(Runnable drainAndClose, Runnable cutShort) {
        this.drainAndClose = drainAndClose;
        this.cutShort = cutShort;
    }

    /**
     * Installs the handlers; {@code drainAndClose} must be safe to run twice (the shutdown hook runs
     * it too if the JVM ends another way).
     */
    static ShutdownSignals install(Runnable drainAndClose, Runnable cutShort) {
        ShutdownSignals signals = new ShutdownSignals(drainAndClose, cutShort);
        Runtime.getRuntime().addShutdownHook(new Thread(signals::stopOnce, "caravan-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signals::received);
            } catch (IllegalArgumentException e) {
                // No such signal on this platform: the shutdown hook still drains and stops the gateway.
                LOG.debug("SIG{} not handled: {}", name, e.getMessage());
            }
        }
        return signals;
    }

    private void received(Signal signal) {
        int count = received.incrementAndGet();
        if (count == 1) {
            Thread drain = new Thread(this::stopOnce, "caravan-drain");
            drain.start();
        } else if (count == 2) {
            LOG.warn("SIG{} again: ending the drain now (a third signal exits at once)", signal.getName());
            cutShort.run();
        } else {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }

    private synchronized void stopOnce() {
        if (done.getCount() > 0) {
            try {
                drainAndClose.run();
            } finally {
                done.countDown();
            }
        }
    }

    /** Blocks until the gateway has shut down. */
    void await() throws InterruptedException {
        done.await();
    }
}
