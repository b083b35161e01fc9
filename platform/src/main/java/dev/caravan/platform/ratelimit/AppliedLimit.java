package dev.caravan.platform.ratelimit;

import dev.caravan.platform.config.RateLimitRule;

import dev.caravan.platform.config.Scope;

/**
 * A rule as it applies to one request: {@code counted} names the bucket it draws from, e.g.
 * {@code key:alice} for a {@code key: "*"} rule and the key alice.
 */
public record AppliedLimit(RateLimitRule rule, Scope counted) {

    /** How messages name the scope: {@code tenant acme}, {@code metadata.team red}, {@code the gateway}. */
    public String described() {
        return counted.kind() == Scope.Kind.GLOBAL ? "the gateway" : counted.configKey() + " " + counted.value();
    }
}
