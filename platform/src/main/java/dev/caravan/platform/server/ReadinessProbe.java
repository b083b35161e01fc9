package dev.caravan.platform.server;

import dev.caravan.platform.health.FatalErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private volatile boolean draining;
    private final Map<String, BooleanSupplier> critical = new ConcurrentHashMap<>();

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
        FatalErrors.install();
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

    /**
     * Watches a part the node cannot serve without (a writer thread): when {@code alive} turns
     * false, {@code /health} and {@code /ready} answer 503 naming it. {@code alive} must be cheap
     * and non-blocking: it is asked on every probe request.
     */
    public ReadinessProbe watch(String component, BooleanSupplier alive) {
        critical.put(component, alive);
        return this;
    }

    /** Why this node is broken (dead critical parts, fatal errors); empty when it is not. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        critical.forEach((name, alive) -> {
            if (!alive.getAsBoolean()) {
                problems.add(name + ": stopped");
            }
        });
        FatalErrors.seen().forEach(error -> problems.add("fatal error in " + error));
        return problems;
    }

    /** The node is shutting down: {@code /ready} answers 503 from now on ({@code /health} does not change). */
    public void markDraining() {
        draining = true;
    }

    /** {@link #problems()}, and the shutdown once it has begun: why {@code /ready} is not ready. */
    public List<String> readinessProblems() {
        List<String> problems = problems();
        if (draining) {
            problems.add("shutting down: draining in-flight requests");
        }
        return problems;
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
