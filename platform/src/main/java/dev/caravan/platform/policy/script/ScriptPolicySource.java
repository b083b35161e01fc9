package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig;
import dev.caravan.platform.guard.GuardrailScripts;
import dev.caravan.platform.policy.PolicySource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Groovy scripts of the policies folder (docs/policies.md): request policies for the admit
 * stage, guardrail scripts for the guardrail stages, stage scripts for the routes that name them.
 * A {@link ScriptReloader} keeps them loaded (checking the folder every
 * {@code policies.reload_interval_ms}, keeping the last good version of a file that fails); the
 * request path only reads the immutable snapshot it publishes.
 */
public final class ScriptPolicySource implements PolicySource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptPolicySource.class);

    private final PolicyFolder folder;
    private final ScriptCompiler compiler;
    private final ScriptRunner runner;
    private final ScriptReloader reloader;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** The stage scripts' states by id ({@code stages/<name>}); kept apart from the policies' snapshot. */
    private volatile Map<String, ScriptReloader.Loaded> stages = Map.of();

    private record Snapshot(List<RequestPolicy> global, Map<String, List<RequestPolicy>> byTenant,
            Map<String, ScriptReloader.Loaded> guardrails, List<ScriptStatus> statuses,
            List<RequestPolicy> topLevel, Map<String, List<RequestPolicy>> tenantsOwn) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of());
    }

    // policies.scopes: top-level scripts that run only for requests in one of their scopes.
    private final Map<String, List<dev.caravan.platform.config.Scope>> scopesById = new HashMap<>();

    private ScriptPolicySource(PoliciesConfig config, PolicyFileAudit audit, ScriptSpend spend) {
        config.scopes().forEach(s -> scopesById.computeIfAbsent(s.script(), id -> new ArrayList<>()).add(s.scope()));
        this.folder = new PolicyFolder(config.dir());
        this.compiler = new ScriptCompiler(new SandboxRules(config.allowClasses(), config.allowMethods()));
        this.runner = new ScriptRunner(config.threads(), config.timeout());
        List<ScriptReloader.Listener> listeners = new ArrayList<>();
        listeners.add((files, changed, atStart) -> {
            if (changed) {
                snapshot = snapshot(files);
            }
        });
        listeners.add((files, changed, atStart) -> {
            if (changed) {
                Map<String, ScriptReloader.Loaded> byId = new HashMap<>();
                files.stream().filter(f -> f.file().kind() == ScriptKind.STAGE).forEach(f -> byId.put(f.file().id(), f));
                stages = Map.copyOf(byId);
            }
        });
        if (audit != null) {
            listeners.add(audit);
        }
        this.reloader = new ScriptReloader(folder, new ScriptInstantiator(compiler, runner, config, folder).withSpend(spend), listeners);
    }

    /** Loads the folder now, then watches it. */
    public static ScriptPolicySource start(PoliciesConfig config) {
        return start(config, null);
    }

    /** {@link #start(PoliciesConfig)}, writing what loads, changes, fails or goes away to the audit log. */
    public static ScriptPolicySource start(PoliciesConfig config, PolicyFileAudit audit) {
        return start(config, audit, null);
    }

    /** {@link #start(PoliciesConfig, PolicyFileAudit)}, budget scripts reading {@code spend}. */
    public static ScriptPolicySource start(PoliciesConfig config, PolicyFileAudit audit, ScriptSpend spend) {
        ScriptPolicySource source = new ScriptPolicySource(config, audit, spend);
        source.reloader.start(config.reloadInterval());
        LOG.info("policy scripts: {} loaded from {}", source.snapshot.statuses().size(), config.dir());
        return source;
    }

    @Override
    public List<RequestPolicy> policiesFor(String tenantId) {
        Snapshot current = snapshot;
        return current.byTenant.getOrDefault(tenantId, current.global);
    }

    /**
     * The guardrail scripts, for guardrail entries that name one ({@code script: <name>}).
     *
     * @param budget the time limit of one check ({@code guardrails_timeout_ms}), as for any guardrail
     */
    public GuardrailScripts guardrails(java.time.Duration budget) {
        return new ScriptGuardrails(folder, runner, budget, id -> snapshot.guardrails().get(id));
    }

    /** The stage scripts, for route steps that name one ({@code script:<name>}); see docs/pipelines.md. */
    public dev.caravan.platform.stage.ScriptStageSource stages() {
        return new ScriptStages(folder, runner, id -> stages.get(id));
    }

    /**
     * The redactor scripts ({@code redactors/<name>.groovy}) as log redactors {@code script:<name>};
     * each call runs within {@code policies.timeout_ms}.
     */
    public ScriptRedactors redactors() {
        return new ScriptRedactors(folder, runner, runner.timeout(), id -> snapshot.guardrails().get(id));
    }

    /** The provider scripts ({@code providers/<name>.groovy}) as provider kinds {@code script:<name>}; each call within {@code policies.timeout_ms}. */
    public ScriptProviders providers() {
        return new ScriptProviders(folder, runner, runner.timeout(), id -> snapshot.guardrails().get(id));
    }

    /** The statuses, with {@code quarantined} for a policy version whose call got stuck past its time limit. */
    public List<ScriptStatus> statuses() {
        return snapshot.statuses.stream().map(s -> s.version() != null
                && runner.quarantined(ScriptInstantiator.quarantineKey(s.id(), s.version()))
                ? new ScriptStatus(s.id(), s.kind(), s.name(), s.tenant(), s.file(), "quarantined", s.version(), s.fileVersion(),
                        TimedScriptPolicy.QUARANTINED + "; save a new version of the file", s.loadedAt())
                : s).toList();
    }

    /** How many distinct sources are compiled (one per source hash). */
    long compiledCount() {
        return compiler.compiledCount();
    }

    /**
     * Global scripts (those of {@code policies.scopes} only when one of their scopes matches), then
     * the tenant's folder, each in file-name order.
     */
    @Override
    public List<RequestPolicy> policiesFor(dev.caravan.platform.config.Scope.RequestScope subject) {
        Snapshot current = snapshot;
        if (current.topLevel.isEmpty()) { // no policies.scopes: the prepared per-tenant lists
            return policiesFor(subject.tenant());
        }
        List<RequestPolicy> all = new ArrayList<>(current.topLevel.size());
        for (RequestPolicy policy : current.topLevel) {
            List<dev.caravan.platform.config.Scope> scopes = scopesById.get(policy.id());
            if (scopes == null || scopes.stream().anyMatch(s -> s.matches(subject))) {
                all.add(policy);
            }
        }
        all.addAll(current.tenantsOwn.getOrDefault(subject.tenant(), List.of()));
        return all;
    }

    private Snapshot snapshot(List<ScriptReloader.Loaded> files) {
        List<RequestPolicy> topLevel = new ArrayList<>();
        Map<String, List<RequestPolicy>> tenants = new TreeMap<>();
        Map<String, ScriptReloader.Loaded> guardrails = new HashMap<>();
        List<ScriptStatus> statuses = new ArrayList<>();
        for (ScriptReloader.Loaded entry : files) {
            ScriptFile file = entry.file();
            if (file.kind() == ScriptKind.GUARDRAIL || file.kind() == ScriptKind.REDACTOR || file.kind() == ScriptKind.PROVIDER) {
                guardrails.put(file.id(), entry); // ids carry the folder, so kinds never collide
            } else if ((file.kind() == ScriptKind.POLICY || file.kind() == ScriptKind.BUDGET) && entry.running() != null) {
                (file.tenant() == null ? topLevel : tenants.computeIfAbsent(file.tenant(), t -> new ArrayList<>()))
                        .add((RequestPolicy) entry.running());
            }
            statuses.add(new ScriptStatus(file.id(), file.kind().label(), file.name(), file.tenant(), file.path().toString(),
                    entry.lastError() == null ? "active" : "failed", ScriptStatus.shortHash(entry.runningHash()),
                    ScriptStatus.shortHash(file.hash()), entry.lastError(), entry.loadedAt()));
        }
        // A scoped script is not global: without a request scope (policiesFor(tenant)) it does not run.
        List<RequestPolicy> global = topLevel.stream().filter(p -> !scopesById.containsKey(p.id())).toList();
        // Kept (in file-name order) only when policies.scopes exists: policiesFor(subject) filters it per request.
        List<RequestPolicy> scopedTopLevel = scopesById.isEmpty() ? List.of() : List.copyOf(topLevel);
        Map<String, List<RequestPolicy>> tenantsOwn = new HashMap<>();
        tenants.forEach((tenant, own) -> tenantsOwn.put(tenant, List.copyOf(own)));
        Map<String, List<RequestPolicy>> byTenant = new HashMap<>();
        tenants.forEach((tenant, own) -> {
            List<RequestPolicy> all = new ArrayList<>(global);
            all.addAll(own);
            byTenant.put(tenant, List.copyOf(all));
        });
        return new Snapshot(List.copyOf(global), Map.copyOf(byTenant), Map.copyOf(guardrails), List.copyOf(statuses),
                scopedTopLevel, Map.copyOf(tenantsOwn));
    }

    @Override
    public void close() {
        reloader.close();
        runner.close();
    }
}
