package dev.caravan.platform.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Checks storage and plugins every few seconds in the background, so {@code GET /ready} answers
 * from memory and a slow database cannot pile up probe requests.
 */
public final class ReadinessProbe implements AutoCloseable {

    private static final long PERIOD_SECONDS = 5;

    private final BooleanSupplier storageCheck;
    private final BooleanSupplier pluginsCheck;
    private final ScheduledExecutorService timer;
    private volatile boolean storageUp;
    private volatile boolean pluginsUp;

    private ReadinessProbe(BooleanSupplier storageCheck, BooleanSupplier pluginsCheck) {
        this.storageCheck = storageCheck;
        this.pluginsCheck = pluginsCheck;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "caravan-readiness");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static ReadinessProbe start(BooleanSupplier storageCheck, BooleanSupplier pluginsCheck) {
        ReadinessProbe probe = new ReadinessProbe(storageCheck, pluginsCheck);
        probe.check();
        probe.timer.scheduleWithFixedDelay(probe::check, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return probe;
    }

    private void check() {
        try {
            storageUp = storageCheck.getAsBoolean();
        } catch (RuntimeException e) {
            storageUp = false;
        }
        pluginsUp = pluginsCheck.getAsBoolean();
    }

    public boolean storageUp() {
        return storageUp;
    }

    public boolean pluginsUp() {
        return pluginsUp;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
