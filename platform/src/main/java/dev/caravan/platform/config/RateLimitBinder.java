package dev.caravan.platform.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code rate_limits[]}: each entry's scope ({@link ScopeBinder}) is {@code global} or names
 * one key (by name), tenant, alias or metadata value, or {@code "*"} for every one of them; it sets {@code rpm}, {@code tpm} or both as whole numbers;
 * no scope appears twice (which of two would count is not guesswork we want at request time).
 */
final class RateLimitBinder {

    static final long MAX_RATE = 1_000_000_000L;
    static final long MAX_DEFAULT_TOKENS = 10_000_000L;
    static final long MAX_CONCURRENT = 1_000_000L;
    private static final java.util.function.Function<Set<String>, ScopeBinder.Rules> RULES = aliases -> ScopeBinder.Rules.of(aliases,
            Scope.Kind.KEY, Scope.Kind.TENANT, Scope.Kind.ALIAS, Scope.Kind.METADATA, Scope.Kind.GLOBAL).withEvery();

    private RateLimitBinder() {}

    static List<RateLimitRule> bind(ConfigNode root, Set<String> aliases) {
        List<RateLimitRule> rules = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode r : root.items("rate_limits")) {
            r.allowOnly("scope", "rpm", "tpm", "default_max_tokens", "shared", "concurrent", "on_store_error");
            Optional<Scope> scope = ScopeBinder.bind(r, "scope", RULES.apply(aliases));
            long rpm = whole(r, "rpm", MAX_RATE);
            long tpm = whole(r, "tpm", MAX_RATE);
            long defaultMaxTokens = whole(r, "default_max_tokens", MAX_DEFAULT_TOKENS);
            long concurrent = whole(r, "concurrent", MAX_CONCURRENT);
            if (!r.has("rpm") && !r.has("tpm") && !r.has("concurrent")) {
                r.report("rpm", "set rpm, tpm, concurrent or several of them");
            }
            boolean shared = shared(r);
            RateLimitRule.StoreErrorMode onStoreError = onStoreError(r, shared);
            scope.filter(s -> seen.putIfAbsent(s.label(), r.pathOf("scope")) != null).ifPresent(s ->
                    r.report("scope", "duplicate scope " + s.label() + " (also " + seen.get(s.label()) + ")"));
            if (scope.isPresent() && (rpm > 0 || tpm > 0 || concurrent > 0)) {
                rules.add(new RateLimitRule(scope.get(), rpm, tpm,
                        defaultMaxTokens > 0 ? defaultMaxTokens : RateLimitRule.DEFAULT_MAX_TOKENS, shared, concurrent, onStoreError));
            }
        }
        return rules;
    }

    private static boolean shared(ConfigNode r) {
        Optional<String> text = r.scalar("shared", "must be true or false");
        if (text.isEmpty()) {
            return false;
        }
        String value = text.get().trim();
        if (!value.equals("true") && !value.equals("false")) {
            r.report("shared", "must be true or false, got '" + text.get() + "'");
            return false;
        }
        if (value.equals("true") && !r.has("rpm") && !r.has("tpm")) {
            r.report("shared", "shares rpm and tpm across nodes: set rpm, tpm or both (concurrent counts per node)");
        }
        return value.equals("true");
    }

    private static RateLimitRule.StoreErrorMode onStoreError(ConfigNode r, boolean shared) {
        Optional<String> text = r.scalar("on_store_error", "must be local or deny");
        if (text.isEmpty()) {
            return RateLimitRule.StoreErrorMode.LOCAL;
        }
        if (!shared) {
            r.report("on_store_error", "applies only to a limit with shared: true");
        }
        return switch (text.get().trim()) {
            case "local" -> RateLimitRule.StoreErrorMode.LOCAL;
            case "deny" -> RateLimitRule.StoreErrorMode.DENY;
            default -> {
                r.report("on_store_error", "must be local or deny, got '" + text.get() + "'");
                yield RateLimitRule.StoreErrorMode.LOCAL;
            }
        };
    }

    /** A whole number from 1 to {@code max}; 0 when absent or wrong (wrong is reported). */
    private static long whole(ConfigNode r, String key, long max) {
        String expectation = "must be a whole number from 1 to " + max;
        Optional<String> text = r.scalar(key, expectation);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.get().trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        r.report(key, expectation + ", got '" + text.get() + "'");
        return 0;
    }
}
