package dev.caravan.platform.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.audit.BudgetAlertSettingsAudit;
import dev.caravan.platform.audit.ConfigChangeAudit;
import dev.caravan.platform.audit.LoggingSettingsAudit;
import dev.caravan.platform.budget.BudgetAlerts;
import dev.caravan.platform.budget.BudgetRegistry;
import dev.caravan.platform.budget.BudgetRepository;
import dev.caravan.platform.budget.DatabaseBudgetLedger;
import dev.caravan.platform.budget.PlatformPolicyServices;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.PricingBinder;
import dev.caravan.platform.config.RedactorDefaults;
import dev.caravan.platform.guard.GuardRunner;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.metrics.GatewayMetrics;
import dev.caravan.platform.metrics.RequestMeters;
import dev.caravan.platform.admin.BudgetsEndpoint;
import dev.caravan.platform.pipeline.KeyAuthenticator;
import dev.caravan.platform.pipeline.ReceiptRecorder;
import dev.caravan.platform.plugins.PluginHost;
import dev.caravan.platform.policy.BudgetPolicyChoice;
import dev.caravan.platform.policy.PluginPolicySource;
import dev.caravan.platform.policy.PolicyChain;
import dev.caravan.platform.policy.script.PolicyFileAudit;
import dev.caravan.platform.admin.ScriptPoliciesEndpoint;
import dev.caravan.platform.policy.script.ScriptPolicySource;
import dev.caravan.platform.policy.script.ScriptSpend;
import dev.caravan.platform.policy.script.ScriptProviders;
import dev.caravan.platform.pricing.PricingCatalog;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.AuditRepository;
import dev.caravan.platform.storage.KeyPrivacyRepository;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.evidence.EvidenceParts;
import dev.caravan.platform.storage.ReceiptRepository;
import dev.caravan.platform.storage.ReceiptWriter;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.UsageRepository;
import dev.caravan.platform.upstream.ProviderRegistry;
import dev.caravan.platform.upstream.UpstreamClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: storage, plugins, the upstream client and the Camel context whose routes
 * form the public pipelines. {@link #start} brings them up in dependency order and
 * {@link #close} takes them down in reverse, draining receipts last.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private CaravanConfig config; // as loaded, then with the defaults the loaded plugins allow (set once, in start)
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private Storage storage;
    private PluginHost plugins;
    private ReceiptWriter receiptWriter;
    private KeyRepository keys;
    private volatile DefaultCamelContext camel;
    private DatabaseBudgetLedger budgetLedger;
    private PrivacyParts privacy;
    private AuditLog audit;
    private ShutdownDrain drain;
    private dev.caravan.platform.storage.ChangeNotifications changes;
    private final java.nio.file.Path configFile;
    private dev.caravan.platform.node.NodeIdentity node;

    private Gateway(CaravanConfig config, java.nio.file.Path configFile) {
        this.config = config;
        this.configFile = configFile;
    }

    public static Gateway start(CaravanConfig config) {
        return start(config, null);
    }

    /** @param configFile the file {@code config} was loaded from (its sha-256 is listed in {@code /admin/v1/nodes}); null: none */
    public static Gateway start(CaravanConfig config, java.nio.file.Path configFile) {
        Gateway gateway = new Gateway(config, configFile);
        try {
            gateway.startParts();
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private void startParts() {
        // Once per start: each deprecated form with the text that replaces it (docs/configuration.md#scopes).
        config.warnings().forEach(warning -> LOG.warn("config: {}", warning));
        storage = track(Storage.open(config.storage()));
        plugins = track(PluginHost.start(config.plugins().dir()));
        plugins.problems().forEach(problem -> LOG.warn("plugin not loaded: {}", problem));
        // script:<name> providers are checked once the scripts have loaded (ScriptProviders).
        java.util.Set<String> providerKinds = new java.util.HashSet<>(plugins.providers().keySet());
        providerKinds.addAll(ScriptProviders.named(config));
        ConfigLoader.checkPlugins(config, providerKinds);
        config = RedactorDefaults.apply(config, plugins.extensions(LogRedactor.class).stream()
                .map(LogRedactor::id).collect(Collectors.toSet()));
        keys = new KeyRepository(storage.jdbi());
        AuditRepository auditRepository = new AuditRepository(storage.jdbi());
        audit = new AuditLog(auditRepository, Clock.systemUTC());
        ConfigChangeAudit configAudit = new ConfigChangeAudit(auditRepository, audit);
        bootstrapKeys(configAudit);
        auditConfigSettings(config, configAudit);

        String nodeId = config.server().nodeId();
        dev.caravan.platform.budget.StrandedReservations stranded =
                new dev.caravan.platform.budget.StrandedReservations(storage.jdbi(), audit, nodeId);
        startNode(nodeId, stranded);

        GatewayMetrics metrics = track(new GatewayMetrics());
        dev.caravan.platform.config.EvidenceConfig chains = config.receipts().evidence();
        EvidenceParts evidence = track(EvidenceParts.start(chains.nodeId().isBlank() ? new dev.caravan.platform.config.EvidenceConfig(
                chains.enabled(), nodeId, chains.keyFile(), chains.checkpointRecords(), chains.checkpointInterval()) : chains,
                storage.jdbi(), Clock.systemUTC()));
        ReceiptRepository receiptRepository = new ReceiptRepository(storage.jdbi()).chainedBy(evidence.chain());
        receiptWriter = track(new ReceiptWriter(receiptRepository, config.receipts(), metrics.registry(), nodeId));
        receiptWriter.start();
        ExecutorService storageExecutor = track(StorageExecutor.create(config.storage().poolSize())).executor();
        UpstreamClient upstream = track(new UpstreamClient(config.server().ioThreads(),
                Math.max(2, config.server().workerThreads() / 2), Duration.ofSeconds(10)));
        ReadinessProbe readiness = track(ReadinessProbe.start(storage::ping, plugins::ready))
                .watch("receipt_writer", receiptWriter::running);

        ObjectMapper json = new ObjectMapper();
        PricingCatalog catalog = dev.caravan.platform.pricing.PricingCatalog.withShipped(config.pricing(), config.pricingImports());
        BudgetRepository budgetRepository = new BudgetRepository(storage.jdbi());
        BudgetRegistry budgets = track(new BudgetRegistry(budgetRepository, config.budgetsTimezone(),
                config.models().stream().map(ModelAlias::alias).collect(Collectors.toSet()), 5));
        int budgetsChanged = budgets.bootstrap(config.budgets(), configAudit);
        if (budgetsChanged > 0) {
            LOG.info("{} budget(s) created or changed by the configuration since the last start (audited)", budgetsChanged);
        }
        Clock clock = Clock.systemUTC();
        PlatformPolicyServices services = new PlatformPolicyServices(config, budgets::current,
                budgetLedger = new DatabaseBudgetLedger(storage.jdbi(), storageExecutor,
                        config.admit().policyTimeout().dividedBy(2), nodeId), catalog, clock,
                track(new BudgetAlerts(storage.jdbi(), storageExecutor, config.budgetAlerts())));
        // Before the request log: a tenant's redactors may name a redactor script, which must have loaded.
        ScriptPolicySource scripts = track(ScriptPolicySource.start(config.policies(),
                new PolicyFileAudit(audit, auditRepository),
                new ScriptSpend(services, new UsageRepository(storage.jdbi()), storageExecutor)));
        refuseBrokenPolicyScripts(scripts);
        refuseUnknownScopedScripts(scripts);
        privacy = track(PrivacyParts.start(config, storage, plugins, scripts.redactors().configured(config), metrics.registry(),
                storageExecutor, audit));
        ReceiptRecorder recorder = new ReceiptRecorder(receiptWriter, new ReceiptPricer(catalog), privacy.logger());
        // After the scripts: an entry may name a guardrail script, which must have loaded.
        GuardrailCatalog guardrails = GuardrailCatalog.bind(config.guardrails(), plugins.extensions(Guardrail.class),
                scripts.guardrails(config.guardrails().timeout()));
        List<RequestPolicy> loadedPolicies = plugins.extensions(RequestPolicy.class);
        PolicyChain policies = new PolicyChain(List.of(
                PluginPolicySource.of(config.admit().plugins(), loadedPolicies, services),
                BudgetPolicyChoice.source(config.admit().plugins(), loadedPolicies, budgets::current, services, config.plugins().dir()),
                scripts));
        ExecutorService policyExecutor = track(StorageExecutor.named("caravan-policy-", config.server().workerThreads())).executor();
        recorder.addListener(new RequestMeters(metrics.registry(), config.metrics().tenantTags(), () -> RoutePaths.of(camel)));
        KeyAuthenticator authenticator = new KeyAuthenticator(keys, storageExecutor);
        // Other nodes' changes, and SQL run directly, reach this node's caches within a second (PostgreSQL).
        changes = track(dev.caravan.platform.storage.ChangeNotifications.forDatabase(config.storage())
                .on("virtual_keys", authenticator::invalidateAll)
                .on("tenants", authenticator::invalidateAll)
                .on("budgets", budgets::reload)
                .start());
        PipelineBeans beans = new PipelineBeans(config, json, authenticator,
                ProviderRegistry.bind(config, providerFactories(scripts)), upstream, recorder,
                new ReceiptRepository(storage.jdbi()), new UsageRepository(storage.jdbi()), storageExecutor, readiness,
                policies, policyExecutor, metrics,
                guardrails, track(new GuardRunner(Math.max(2, Runtime.getRuntime().availableProcessors()),
                        config.guardrails().timeout(), config.guardrails().failClosed())),
                new dev.caravan.platform.audit.AuthBurstAudit(audit, storageExecutor))
                .shareRateLimitsThrough(storage.jdbi())
                .with("listPolicies", new ScriptPoliciesEndpoint(scripts))
                .with("listNodes", new dev.caravan.platform.admin.NodesEndpoint(new dev.caravan.platform.node.NodeRepository(storage.jdbi()),
                        nodeId, config.server().node().deadAfter(), storageExecutor))
                .with("revokeKey", new dev.caravan.platform.admin.KeyRevokeEndpoint(authenticator, audit, storageExecutor))
                .with("createKey", new dev.caravan.platform.admin.KeyCreateEndpoint(keys, audit, storageExecutor));
        dev.caravan.platform.console.ConsoleParts console = new dev.caravan.platform.console.ConsoleParts(config.console(), clock);
        console.beans().forEach(beans::with);
        ((dev.caravan.platform.admin.AdminAuthenticateStage) beans.byName().get("adminAuthenticate")).withSource(console.credentials());
        budgetStages(new BudgetsEndpoint(budgets, budgetRepository, budgetLedger, audit, clock, storageExecutor), loadedPolicies)
                .forEach(beans::with);
        privacy.beans().forEach(beans::with);
        evidence.beans(receiptRepository, storageExecutor).forEach(beans::with);
        beans.with("evidenceExport", evidence.enabled()
                ? new dev.caravan.platform.admin.EvidenceExportEndpoint(evidence.repository(), evidence.signingKey(), storageExecutor)
                : EvidenceParts.disabled());
        RouteControls controls = new RouteControls();
        if (!config.rateLimits().isEmpty()) {
            controls.require("rateLimit", "rate_limits");
        }
        if (!budgets.current().isEmpty()) {
            controls.require("admit", "budgets");
        } else if (!config.admit().plugins().isEmpty()) {
            controls.require("admit", "admit.plugins");
        }
        config.guardrails().all().stream().findFirst().ifPresent(entry -> {
            java.util.Set<String> chatLike = java.util.Set.of("parseChat", "parseMessages", "parseResponses", "parseCompletions");
            controls.require("guardInput", entry.path(), chatLike).require("guardOutput", entry.path(), chatLike);
        });
        dev.caravan.platform.stage.CustomStages customStages = track(new dev.caravan.platform.stage.CustomStages(config.stages(),
                plugins.extensions(dev.caravan.api.stage.Stage.class), beans.byName().keySet(), scripts.stages(), config::alias,
                policyExecutor));
        drain = track(new ShutdownDrain(readiness, metrics.registry()));
        recorder.addListener(drain);
        camel = CamelPipeline.start(config, beans, controls, customStages, drain);
    }

    /**
     * Registers this node and starts its heartbeat, then, before anything is served, releases the
     * budget reservations this node id still holds: a process with this id died holding them
     * (docs/operations.md#nodes). Each heartbeat then releases what dead nodes hold.
     */
    private void startNode(String nodeId, dev.caravan.platform.budget.StrandedReservations stranded) {
        node = dev.caravan.platform.node.NodeIdentity.of(nodeId, config.server().host(), config.server().port(), configFile);
        java.time.Duration deadAfter = config.server().node().deadAfter();
        track(dev.caravan.platform.node.NodeHeartbeat.start(new dev.caravan.platform.node.NodeRepository(storage.jdbi()), node,
                config.server().node().heartbeatInterval(), deadAfter,
                List.of(() -> stranded.releaseOfDeadNodes(deadAfter), stranded::dropSettledShares)));
        java.math.BigDecimal released = stranded.releaseOwn();
        if (released.signum() > 0) {
            LOG.warn("Released {} USD of budget reservations left by the previous process of node '{}' (audited)",
                    released.toPlainString(), nodeId);
        }
    }

    /** This process's node: id, version, config hash, address. */
    public dev.caravan.platform.node.NodeIdentity node() {
        return node;
    }

    /**
     * A policy script that does not load at start-up has no last good version to keep running: its
     * rules would silently not apply. (Broken while running, the last good version keeps running.)
     * Guardrail scripts are checked where an entry names them ({@link GuardrailCatalog}).
     */
    private void refuseBrokenPolicyScripts(ScriptPolicySource scripts) {
        List<String> broken = scripts.statuses().stream()
                .filter(s -> ("policy".equals(s.kind()) || "budget".equals(s.kind())) && "failed".equals(s.status()))
                .map(s -> "policies.dir: " + s.file() + " does not load: " + s.lastError()
                        + "; fix the file or move it out of the folder")
                .toList();
        if (!broken.isEmpty()) {
            throw new ConfigException(broken);
        }
    }

    /** The plugins' provider kinds and the provider scripts the config names ({@code script:<name>}, checked loaded). */
    private Map<String, dev.caravan.api.provider.ProviderFactory> providerFactories(ScriptPolicySource scripts) {
        Map<String, dev.caravan.api.provider.ProviderFactory> factories = new java.util.LinkedHashMap<>(plugins.providers());
        factories.putAll(scripts.providers().configured(config));
        return factories;
    }

    /** Configured means enforced: each {@code policies.scopes[]} entry must name a top-level policy script that loaded. */
    private void refuseUnknownScopedScripts(ScriptPolicySource scripts) {
        java.util.Set<String> topLevel = scripts.statuses().stream()
                .filter(s -> "policy".equals(s.kind()) && s.tenant() == null)
                .map(dev.caravan.platform.policy.script.ScriptStatus::id)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        List<String> unknown = config.policies().scopes().stream()
                .filter(s -> !topLevel.contains(s.script()))
                .map(s -> s.path() + ".script: no policy script '" + s.script() + ".groovy' at the top of policies.dir ("
                        + config.policies().dir() + "; loaded: " + (topLevel.isEmpty() ? "none" : String.join(", ", topLevel)) + ")")
                .toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
        }
    }


    /** The budgets admin stages; {@code createBudget} refuses a budget that no policy could enforce. */
    private java.util.Map<String, org.apache.camel.AsyncProcessor> budgetStages(BudgetsEndpoint endpoint, List<RequestPolicy> loadedPolicies) {
        java.util.Map<String, org.apache.camel.AsyncProcessor> stages = endpoint.stages();
        if (!BudgetPolicyChoice.enforceable(config.admit().plugins(), loadedPolicies)) {
            stages.put("createBudget", new UnenforceableBudgets(config.plugins().dir()));
        }
        return stages;
    }

    /** Writes the config's keys into the database, each that changed with its audit entry. */
    private void bootstrapKeys(ConfigChangeAudit configAudit) {
        KeyPrivacyRepository privacyFlags = new KeyPrivacyRepository(storage.jdbi());
        int changed = configAudit.apply(config.keys().stream().map(key -> new ConfiguredKey(keys, privacyFlags, key)).toList());
        if (changed > 0) {
            LOG.info("{} bootstrap key(s) created or changed by the configuration since the last start (audited)", changed);
        }
    }

    /**
     * Audits the settings that live only in the config file. A failure does not stop the gateway:
     * the settings are in force either way, and the entries are written at the next start.
     */
    private static void auditConfigSettings(CaravanConfig config, ConfigChangeAudit configAudit) {
        try {
            int changed = LoggingSettingsAudit.recordChanges(config, configAudit)
                    + BudgetAlertSettingsAudit.recordChanges(config.budgetAlerts(), configAudit);
            if (changed > 0) {
                LOG.info("Settings changed in the configuration since the last start: {} audit entries written", changed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not audit the configuration's settings (retried at the next start): {}", e.getMessage());
        }
    }

    private <T extends AutoCloseable> T track(T part) {
        closeInReverse.add(part);
        return part;
    }

    public URI baseUrl() {
        String host = config.server().host().equals("0.0.0.0") ? "127.0.0.1" : config.server().host();
        return URI.create("http://" + host + ":" + config.server().port());
    }

    public long activeKeys() {
        return keys.countActive();
    }

    /** The budget ledger on this gateway's database (what budgets have spent and reserved). */
    public DatabaseBudgetLedger budgetLedger() {
        return budgetLedger;
    }

    /** The change listener (inert on H2); for tests. */
    public dev.caravan.platform.storage.ChangeNotifications changeNotifications() {
        return changes;
    }

    public PluginHost plugins() {
        return plugins;
    }

    /** Waits until every receipt recorded so far is in the database; for tests and shutdown. */
    public boolean flushReceipts(Duration timeout) {
        return receiptWriter.flush(timeout);
    }

    /** Waits until every request log submitted so far is in the database; for tests. */
    public boolean flushRequestLogs(Duration timeout) {
        return privacy.logger().flush(timeout);
    }

    /** The audit log, for admin endpoints built outside this class (policies). */
    public AuditLog audit() {
        return audit;
    }

    /**
     * The graceful shutdown (docs/operations.md#shutdown): readiness false, no new connections, the
     * requests and streams in flight drained up to {@code server.drain_timeout_ms} (streams still
     * open then end with an error event), then {@link #close}, which flushes the writers.
     */
    public void drainAndClose() {
        if (drain != null) {
            drain.drain(config.server().drainTimeout());
        }
        close();
    }

    /** A second signal during {@link #drainAndClose}: the drain deadline is now. */
    public void cutDrainShort() {
        if (drain != null) {
            drain.cutShort();
        }
    }

    @Override
    public void close() {
        if (camel != null) {
            camel.stop();
        }
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", closeInReverse.get(i).getClass().getSimpleName(), e);
            }
        }
        closeInReverse.clear();
    }
}
