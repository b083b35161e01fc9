package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig;
import dev.caravan.platform.policy.PolicySource;
import dev.caravan.platform.policy.script.ScriptCompiler.ScriptCompileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Groovy scripts of the policies folder as request policies (docs/policies.md). A daemon thread
 * checks the folder every {@code policies.reload_interval_ms}: a new or changed file is compiled
 * and replaces its previous version; a file that fails keeps the last good version running and
 * shows the error in {@link #statuses()} (logged once per failing version); a deleted file stops
 * applying. The request path only reads an immutable snapshot.
 */
public final class ScriptPolicySource implements PolicySource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptPolicySource.class);
    private static final java.time.Duration LOAD_LIMIT = java.time.Duration.ofSeconds(2);

    private final PolicyFolder folder;
    private final ScriptCompiler compiler;
    private final ScriptRunner runner;
    private final PoliciesConfig.OnError onError;
    private final Clock clock = Clock.systemUTC();
    /** Limit for running a script's body at load: it only registers handlers, but a cold JVM runs it slowly. */
    private final java.time.Duration loadLimit;
    private final ScheduledExecutorService poller;
    private final Map<String, Loaded> loaded = new HashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private boolean warm; // guarded by reload()'s lock

    /** A file's state: the version running (if any) and how its current content fared. */
    private record Loaded(ScriptFile file, RequestPolicy running, String runningHash, Instant loadedAt, String lastError) {}

    private record Snapshot(List<RequestPolicy> global, Map<String, List<RequestPolicy>> byTenant, List<ScriptStatus> statuses) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), List.of());
    }

    private ScriptPolicySource(PoliciesConfig config) {
        this.folder = new PolicyFolder(config.dir());
        this.compiler = new ScriptCompiler(new SandboxRules(config.allowClasses(), config.allowMethods()));
        this.runner = new ScriptRunner(config.threads(), config.timeout());
        this.onError = config.onError();
        this.loadLimit = config.timeout().compareTo(LOAD_LIMIT) > 0 ? config.timeout() : LOAD_LIMIT;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "caravan-policy-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Loads the folder now, then watches it. */
    public static ScriptPolicySource start(PoliciesConfig config) {
        ScriptPolicySource source = new ScriptPolicySource(config);
        source.reload();
        long every = config.reloadInterval().toMillis();
        source.poller.scheduleWithFixedDelay(source::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("policy scripts: {} loaded from {}", source.snapshot.statuses().size(), config.dir());
        return source;
    }

    @Override
    public List<RequestPolicy> policiesFor(String tenantId) {
        Snapshot current = snapshot;
        return current.byTenant.getOrDefault(tenantId, current.global);
    }

    public List<ScriptStatus> statuses() {
        return snapshot.statuses;
    }

    /**
     * Runs a built-in script through the same path as a request once, so the first real request
     * does not pay for Groovy's start-up (meta classes, call sites) within its 50 ms.
     */
    private void warmUp() {
        ScriptFile warm = new ScriptFile("caravan-warm-up", "caravan-warm-up", null, folder.dir(), WARM_UP, PolicyFolder.sha256(WARM_UP));
        try {
            RequestPolicy policy = instantiate(warm);
            dev.caravan.api.RequestContext context = new dev.caravan.api.RequestContext("warm-up", "warm-up", "warm-up", "warm-up",
                    "warm-up", java.util.Map.of("tier", "gold"), clock.instant());
            com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.put("max_tokens", 1000).putArray("messages").addObject().put("role", "user").put("content", "hi");
            runner.call(() -> policy.beforeRequest(new dev.caravan.api.policy.PolicyRequest(context, "warm-up", body, 1, 1000)), loadLimit).get();
        } catch (Exception e) {
            LOG.debug("policy warm-up failed: {}", e.toString());
        }
    }

    private static final String WARM_UP = """
            beforeRequest { req ->
                def tier = req.metadata.tier ?: req.metadata.get('none')
                if (req.body.messages.size() > 5 || req.tenant == 'x') return deny(403, 'x', "no ${tier}")
                req.maxTokens > 500 ? modify(maxTokens: 500, alias: req.alias, metadata: [tier: tier]) : allow()
            }
            """;

    /** How many distinct sources are compiled (one per source hash). */
    long compiledCount() {
        return compiler.compiledCount();
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
        if (!warm && !files.isEmpty()) {
            // Only once there is a script: a gateway without scripts never loads Groovy at all.
            warmUp();
            warm = true;
        }
        boolean changed = loaded.keySet().removeIf(id -> {
            boolean gone = !files.containsKey(id);
            if (gone) {
                LOG.info("policy {} removed: its file is gone", id);
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
        if (changed) {
            snapshot = snapshot();
        }
    }

    private Loaded load(ScriptFile file, Loaded previous) {
        try {
            RequestPolicy policy = new TimedScriptPolicy(file.id(), instantiate(file), runner, onError);
            LOG.info("policy {} loaded (version {})", file.id(), ScriptStatus.shortHash(file.hash()));
            return new Loaded(file, policy, file.hash(), clock.instant(), null);
        } catch (ScriptCompileException | ScriptLoadException e) {
            boolean keeps = previous != null && previous.running() != null;
            LOG.warn("policy {} (file version {}) not loaded: {}; {}", file.id(), ScriptStatus.shortHash(file.hash()),
                    e.getMessage(), keeps ? "version " + ScriptStatus.shortHash(previous.runningHash()) + " keeps running" : "it does not run");
            return keeps
                    ? new Loaded(file, previous.running(), previous.runningHash(), previous.loadedAt(), e.getMessage())
                    : new Loaded(file, null, null, null, e.getMessage());
        }
    }

    /** Compiles (or reuses) the class and makes the policy; script code runs on the runner, within the time limit. */
    private RequestPolicy instantiate(ScriptFile file) {
        Class<?> type = compiler.compile(file.hash(), file.text());
        if (RequestPolicy.class.isAssignableFrom(type)) {
            return (RequestPolicy) runInSandbox(() -> type.getDeclaredConstructor().newInstance());
        }
        if (!PolicyScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName()
                    + ", which does not implement RequestPolicy; write a script (beforeRequest { ... }) or such a class");
        }
        PolicyScript script = (PolicyScript) runInSandbox(() -> {
            PolicyScript instance = (PolicyScript) type.getDeclaredConstructor().newInstance();
            instance.bind(file.id());
            instance.run();
            return instance;
        });
        if (script.beforeHandler() == null && script.afterHandler() == null) {
            throw new ScriptLoadException("the script registers neither beforeRequest { } nor afterResponse { }");
        }
        return new DslPolicy(file.id(), script);
    }

    private Object runInSandbox(java.util.concurrent.Callable<Object> task) {
        try {
            return runner.call(task, loadLimit).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e.getCause();
            throw new ScriptLoadException(cause instanceof ScriptRunner.ScriptTimeoutException
                    ? "the script body " + cause.getMessage() : "the script body failed: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScriptLoadException("interrupted while loading");
        }
    }

    private Snapshot snapshot() {
        List<RequestPolicy> global = new ArrayList<>();
        Map<String, List<RequestPolicy>> tenants = new TreeMap<>();
        List<ScriptStatus> statuses = new ArrayList<>();
        new TreeMap<>(loaded).forEach((id, entry) -> {
            ScriptFile file = entry.file();
            if (entry.running() != null) {
                (file.tenant() == null ? global : tenants.computeIfAbsent(file.tenant(), t -> new ArrayList<>())).add(entry.running());
            }
            statuses.add(new ScriptStatus(id, file.name(), file.tenant(), file.path().toString(),
                    entry.lastError() == null ? "active" : "failed", ScriptStatus.shortHash(entry.runningHash()),
                    ScriptStatus.shortHash(file.hash()), entry.lastError(), entry.loadedAt()));
        });
        Map<String, List<RequestPolicy>> byTenant = new HashMap<>();
        tenants.forEach((tenant, own) -> {
            List<RequestPolicy> all = new ArrayList<>(global);
            all.addAll(own);
            byTenant.put(tenant, List.copyOf(all));
        });
        return new Snapshot(List.copyOf(global), Map.copyOf(byTenant), List.copyOf(statuses));
    }

    @Override
    public void close() {
        poller.shutdownNow();
        runner.close();
    }

    /** A script compiled but could not be made into a policy (its body failed or timed out, no handlers). */
    static final class ScriptLoadException extends RuntimeException {
        ScriptLoadException(String message) {
            super(message);
        }
    }
}
