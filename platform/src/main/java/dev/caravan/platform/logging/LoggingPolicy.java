package dev.caravan.platform.logging;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.config.LoggingRule;
import dev.caravan.platform.config.Scope;
import dev.caravan.platform.config.TenantConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The logging settings in force for a request. Mode and redactors come from the most specific
 * {@code logging.rules[]} entry that matches it — key, then alias, then metadata, then tenant —
 * else from its tenant's {@code tenants[]} entry, else from a {@code global} rule or the
 * {@code logging.default_*} settings. Retention and do-not-track stay the tenant's.
 */
public final class LoggingPolicy {

    /** One tenant's settings. */
    public record TenantRules(LoggingMode mode, List<String> redactors, int retentionDays, boolean doNotTrack) {}

    private static final List<Scope.Kind> MOST_SPECIFIC_FIRST =
            List.of(Scope.Kind.KEY, Scope.Kind.ALIAS, Scope.Kind.METADATA, Scope.Kind.TENANT);

    private final Map<String, TenantRules> listed;
    private final TenantRules defaults;
    private final List<LoggingRule> rules;

    public LoggingPolicy(CaravanConfig config) {
        this.listed = config.tenants().stream().collect(Collectors.toUnmodifiableMap(TenantConfig::id,
                t -> new TenantRules(t.logging(), t.redactors(), t.retentionDays(), t.doNotTrack()), (a, b) -> a));
        LoggingRule global = config.logging().rules().stream().filter(r -> r.scope().kind() == Scope.Kind.GLOBAL).findFirst().orElse(null);
        this.defaults = new TenantRules(global != null ? global.mode() : config.logging().defaultMode(),
                global != null ? global.redactors() : config.logging().defaultRedactors(),
                config.logging().defaultRetentionDays(), false);
        List<LoggingRule> ordered = new ArrayList<>();
        for (Scope.Kind kind : MOST_SPECIFIC_FIRST) {
            config.logging().rules().stream().filter(r -> r.scope().kind() == kind).forEach(ordered::add);
        }
        this.rules = List.copyOf(ordered);
    }

    /** The rules of one request, resolved once when its scope is known (after alias resolution). */
    public TenantRules rulesFor(Scope.RequestScope subject) {
        TenantRules tenant = rulesFor(subject.tenant());
        for (LoggingRule rule : rules) { // most specific first; with no rules, just the tenant's
            if (rule.scope().matches(subject)) {
                return new TenantRules(rule.mode(), rule.redactors(), tenant.retentionDays(), tenant.doNotTrack());
            }
        }
        return tenant;
    }

    public TenantRules rulesFor(String tenantId) {
        return tenantId == null ? defaults : listed.getOrDefault(tenantId, defaults);
    }

    public TenantRules defaults() {
        return defaults;
    }

    /** Listed tenants by id. */
    public Map<String, TenantRules> listed() {
        return listed;
    }
}
