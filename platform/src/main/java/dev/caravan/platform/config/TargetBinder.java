package dev.caravan.platform.config;

import java.time.Duration;
import java.util.Set;

/** Binds one {@code models[].targets[]} entry: a provider and model, or a nested alias. */
final class TargetBinder {

    private TargetBinder() {}

    /** {@code aliasRetry} fills the retry keys a target's own {@code retry} leaves out. */
    static TargetConfig bind(ConfigNode t, Set<String> providerIds, String strategy, RetryPolicy aliasRetry) {
        t.allowOnly("provider", "model", "alias", "weight", "timeout_ms", "retry");
        int weight = ConfigValues.integer(t, "weight", 1, 0, 1_000_000);
        if (t.has("weight") && !strategy.equals("loadbalance")) {
            t.report("weight", "only applies to strategy loadbalance");
        }
        Duration timeout = t.has("timeout_ms") ? Duration.ofMillis(ConfigValues.integer(t, "timeout_ms", 60_000, 1, 86_400_000)) : null;
        RetryPolicy retry = t.has("retry") ? ModelAliasBinder.retry(t.section("retry"), aliasRetry) : null;
        if (t.has("alias")) {
            if (t.has("provider") || t.has("model")) {
                t.report("alias", "a target is either an alias or a provider and model, not both");
            }
            String alias = t.requiredText("alias").orElse("");
            // The planner expands an alias target into that alias's own targets, with their settings.
            for (String key : new String[] {"timeout_ms", "retry"}) {
                if (t.has(key)) {
                    t.report(key, "only applies to provider targets; set it on the targets of alias '" + alias + "'");
                }
            }
            return new TargetConfig(null, null, alias, weight, null, null);
        }
        String provider = t.requiredText("provider").orElse("");
        if (!provider.isEmpty() && !providerIds.contains(provider)) {
            t.report("provider", "unknown provider '" + provider + "'");
        }
        return new TargetConfig(provider, t.requiredText("model").orElse(""), null, weight, timeout, retry);
    }
}
