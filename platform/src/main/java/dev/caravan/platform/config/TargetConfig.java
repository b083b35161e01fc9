package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code models[].targets[]} — either a provider and the upstream model name to send it, or
 * another alias (nesting: e.g. a fallback whose second target is a load-balanced pool).
 *
 * @param provider provider id, or null for an alias target
 * @param model    upstream model name, or null for an alias target
 * @param alias    the nested alias, or null
 * @param weight   {@code loadbalance} weight (default 1)
 * @param timeout  this target's timeout, or null for the provider's
 * @param retry    this target's retries (keys it leaves out come from the alias's), or null for the alias's
 */
public record TargetConfig(String provider, String model, String alias, int weight, Duration timeout, RetryPolicy retry) {

    public static TargetConfig of(String provider, String model) {
        return new TargetConfig(provider, model, null, 1, null, null);
    }

    public boolean isAlias() {
        return alias != null;
    }

    /** How receipts name it: {@code provider/model} or {@code alias:<name>}. */
    public String label() {
        return isAlias() ? "alias:" + alias : provider + "/" + model;
    }
}
