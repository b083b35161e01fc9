package dev.caravan.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code redacted} logging with no redactor named means "mask personal data": the bundled
 * {@code pii} redactor is used when it is loaded. When it is not, storing bodies with only secrets
 * scrubbed would be a silent downgrade, so start-up stops with the path and the fix.
 */
public final class RedactorDefaults {

    public static final String BUNDLED = "pii";

    private RedactorDefaults() {}

    /**
     * Called once the plugins are loaded.
     *
     * @param redactorIds the loaded {@code LogRedactor} ids
     * @return {@code config} with {@code [pii]} wherever {@code redacted} mode names no redactor
     * @throws ConfigException naming {@code logging.default_redactors} or {@code tenants[i].redactors}
     *                         when such a mode exists and {@code pii} is not loaded
     */
    public static CaravanConfig apply(CaravanConfig config, Set<String> redactorIds) {
        String loaded = redactorIds.isEmpty() ? "none" : String.join(", ", new TreeSet<>(redactorIds));
        ConfigProblems problems = new ConfigProblems();
        LoggingConfig logging = config.logging();
        if (needsDefault(logging.defaultMode(), logging.defaultRedactors())) {
            if (redactorIds.contains(BUNDLED)) {
                logging = new LoggingConfig(logging.defaultMode(), List.of(BUNDLED), logging.defaultRetentionDays(),
                        logging.maxBodyChars(), logging.queueCapacity(), logging.batchSize(), logging.flushInterval(),
                        logging.purgeInterval(), logging.purgeBatchSize(), logging.rules());
            } else {
                problems.add("logging.default_redactors", missing("logging.default_mode", loaded));
            }
        }
        List<LoggingRule> rules = new ArrayList<>();
        for (LoggingRule rule : logging.rules()) {
            if (needsDefault(rule.mode(), rule.redactors())) {
                if (redactorIds.contains(BUNDLED)) {
                    rule = rule.withRedactors(List.of(BUNDLED));
                } else {
                    problems.add(rule.path() + ".redactors", missing(rule.path() + ".mode", loaded));
                }
            }
            rules.add(rule);
        }
        if (!rules.equals(logging.rules())) {
            logging = logging.withRules(rules);
        }
        List<TenantConfig> tenants = new ArrayList<>();
        for (int i = 0; i < config.tenants().size(); i++) {
            TenantConfig t = config.tenants().get(i);
            if (needsDefault(t.logging(), t.redactors())) {
                if (redactorIds.contains(BUNDLED)) {
                    t = new TenantConfig(t.id(), t.logging(), t.retentionDays(), t.doNotTrack(), List.of(BUNDLED), t.guardrails());
                } else {
                    problems.add("tenants[" + i + "].redactors", missing("tenants[" + i + "].logging", loaded));
                }
            }
            tenants.add(t);
        }
        problems.throwIfAny();
        if (logging == config.logging() && tenants.equals(config.tenants())) {
            return config;
        }
        return new CaravanConfig(config.server(), config.storage(), config.admin(), config.metrics(), config.routes(),
                config.plugins(), config.receipts(), config.breaker(), config.providers(), config.models(), config.savedRoutes(),
                config.keys(), config.pricing(), config.pricingImports(), config.admit(), config.rateLimits(), config.budgets(), config.budgetsTimezone(),
                config.budgetAlerts(), config.policies(), logging, tenants, config.guardrails(), config.authThrottle(), config.cors(),
                config.stages(), config.console(), config.warnings());
    }

    private static boolean needsDefault(LoggingMode mode, List<String> redactors) {
        return mode == LoggingMode.REDACTED && redactors.isEmpty();
    }

    private static String missing(String modePath, String loaded) {
        return modePath + " is 'redacted' and no redactor is named, and the bundled '" + BUNDLED
                + "' redactor is not loaded (loaded: " + loaded + "); fix: put the redaction-pii plugin jar in plugins.dir,"
                + " or name a loaded redactor";
    }
}
