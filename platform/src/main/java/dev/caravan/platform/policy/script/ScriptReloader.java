package dev.caravan.platform.policy.script;

import dev.caravan.platform.policy.script.ScriptCompiler.ScriptCompileException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the scripts of the policies folder loaded: each pass compares the folder with what is
 * loaded; a new or changed file is loaded and replaces its previous version; a file that fails
 * keeps the last good version running (the error is logged once per failing version and kept for
 * the status listing); a deleted file stops applying. After each pass the listeners get every
 * file's state (files are few, and a listener that could not finish, e.g. an audit write, then
 * retries). Passes run on one daemon thread (and once at start).
 */
final class ScriptReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptReloader.class);

    /**
     * A file's state: the version running (if any) and how its current content fared.
     *
     * @param running the loaded policy or guardrail script, null when no version of the file ever loaded
     */
    record Loaded(ScriptFile file, Object running, String runningHash, Instant loadedAt, String lastError) {}

    /** Makes a file into what runs; throws {@link ScriptCompileException} or {@link ScriptLoadException}. */
    interface Loader {
        Object load(ScriptFile file);
    }

    /** Told after each pass; {@code changed} when a file was loaded, failed or removed; {@code atStart} for the first pass. */
    interface Listener {
        void loaded(List<Loaded> files, boolean changed, boolean atStart);
    }

    private final PolicyFolder folder;
    private final Loader loader;
    private final List<Listener> listeners;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "caravan-policy-reload");
        thread.setDaemon(true);
        return thread;
    });
    private boolean started; // guarded by reload()'s lock

    ScriptReloader(PolicyFolder folder, Loader loader, List<Listener> listeners) {
        this.folder = folder;
        this.loader = loader;
        this.listeners = List.copyOf(listeners);
    }

    /** Loads the folder now, then checks it every {@code every}. */
    void start(java.time.Duration every) {
        reload();
        poller.scheduleWithFixedDelay(this::reloadQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            // The poller must survive anything, or reloading silently stops.
            LOG.warn("reloading policy scripts failed: {}", e.toString());
        }
    }

    /** One pass over the folder; only the poller thread (and start) call it. */
    synchronized void reload() {
        Map<String, ScriptFile> files = folder.scan();
        boolean changed = loaded.keySet().removeIf(id -> {
            boolean gone = !files.containsKey(id);
            if (gone) {
                LOG.info("{} {} removed: its file is gone", loaded.get(id).file().kind().label(), id);
            }
            return gone;
        });
        for (ScriptFile file : files.values()) {
            Loaded previous = loaded.get(file.id());
            if (previous == null || !previous.file().hash().equals(file.hash())) {
                loaded.put(file.id(), load(file, previous));
                changed = true;
            }
        }
        boolean atStart = !started;
        started = true;
        List<Loaded> all = List.copyOf(new TreeMap<>(loaded).values());
        for (Listener listener : listeners) {
            listener.loaded(all, changed || atStart, atStart);
        }
    }

    private Loaded load(ScriptFile file, Loaded previous) {
        String what = file.kind().label();
        try {
            Object running = loader.load(file);
            LOG.info("{} {} loaded (version {})", what, file.id(), ScriptStatus.shortHash(file.hash()));
            return new Loaded(file, running, file.hash(), clock.instant(), null);
        } catch (ScriptCompileException | ScriptLoadException e) {
            boolean keeps = previous != null && previous.running() != null;
            LOG.warn("{} {} (file version {}) not loaded: {}; {}", what, file.id(), ScriptStatus.shortHash(file.hash()),
                    e.getMessage(), keeps ? "version " + ScriptStatus.shortHash(previous.runningHash()) + " keeps running" : "it does not run");
            return keeps
                    ? new Loaded(file, previous.running(), previous.runningHash(), previous.loadedAt(), e.getMessage())
                    : new Loaded(file, null, null, null, e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** A script compiled but could not be made into what runs (its body failed or timed out, no handlers). */
    static final class ScriptLoadException extends RuntimeException {
        ScriptLoadException(String message) {
            super(message);
        }
    }
}
