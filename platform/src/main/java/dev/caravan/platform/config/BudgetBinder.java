package dev.caravan.platform.config;

import dev.caravan.api.budget.BudgetDefinition;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code budgets[]} and {@code budgets_timezone} (docs/budgets.md): one scope, exactly one of
 * {@code limit_usd} (a quoted exact decimal) and {@code limit_tokens}, a period, an action, alert
 * thresholds, or {@code prepaid: true}. Every problem names its field. The admin API validates
 * its bodies here too ({@link #fromJson}), so both ways of defining a budget share one rule set.
 */
public final class BudgetBinder {

    private static final Set<String> PERIODS = Set.of("daily", "weekly", "monthly", "total");
    private static final Set<String> ACTIONS = Set.of("deny", "downgrade", "alert_only");

    private BudgetBinder() {}

    /**
     * One budget in the admin API's JSON (the shape of a {@code budgets[]} entry).
     *
     * @throws ConfigException listing each problem as {@code field: message}
     */
    public static BudgetDefinition fromJson(com.fasterxml.jackson.databind.JsonNode body, ZoneId defaultZone, Set<String> aliases) {
        com.fasterxml.jackson.databind.node.ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.putArray("budgets").add(body);
        root.put("budgets_timezone", defaultZone.getId());
        ConfigProblems problems = new ConfigProblems();
        List<BudgetDefinition> bound = bind(ConfigNode.root(root, new EnvInterpolator(java.util.Map.of()), problems), aliases);
        try {
            problems.throwIfAny();
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> p.replaceFirst("^budgets\\[0\\]\\.?", "")).toList());
        }
        return bound.get(0);
    }

    /** {@code budgets_timezone}, UTC when unset. */
    static ZoneId defaultZone(ConfigNode root) {
        return root.text("budgets_timezone").map(z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                return (ZoneId) ZoneOffset.UTC; // reported by bind()
            }
        }).orElse(ZoneOffset.UTC);
    }

    static List<BudgetDefinition> bind(ConfigNode root, Set<String> aliases) {
        ZoneId defaultZone = zone(root, "budgets_timezone", ZoneOffset.UTC);
        List<BudgetDefinition> budgets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode b : root.items("budgets")) {
            b.allowOnly("name", "scope", "limit_usd", "limit_tokens", "period", "timezone", "action", "downgrade_to",
                    "unpriced", "alerts", "prepaid");
            String name = b.requiredText("name").orElse("");
            if (!name.isEmpty() && !names.add(name)) {
                b.report("name", "duplicate budget name '" + name + "'");
            }
            String scopeType = null;
            String scopeField = null;
            String scopeValue = null;
            com.fasterxml.jackson.databind.JsonNode rawScope = b.raw("scope");
            if (rawScope != null && rawScope.isObject() && rawScope.size() == 1 && rawScope.has("provider")) {
                // Budgets alone also scope by provider (the alias's first target's); not a request scope.
                scopeType = "provider";
                scopeValue = b.section("scope").requiredText("provider").orElse(null);
                scopeType = scopeValue == null ? null : scopeType;
            } else {
                java.util.Optional<Scope> scope = ScopeBinder.bind(b, "scope", ScopeBinder.Rules.all(aliases).withExtra("provider"));
                if (scope.isPresent()) {
                    scopeType = scope.get().kind().word();
                    scopeField = scope.get().field();
                    scopeValue = scope.get().kind() == Scope.Kind.GLOBAL ? "" : scope.get().value();
                }
            }
            BigDecimal limitUsd = b.text("limit_usd").map(v -> decimal(b, v)).orElse(null);
            Long limitTokens = b.scalar("limit_tokens", "must be a whole number of tokens").map(v -> tokens(b, v)).orElse(null);
            boolean prepaid = ConfigValues.bool(b, "prepaid", false);
            if (prepaid) {
                if (b.has("limit_usd") || b.has("limit_tokens")) {
                    b.report(b.has("limit_usd") ? "limit_usd" : "limit_tokens",
                            "a prepaid budget has no limit: its balance is what admins top up");
                }
                limitUsd = BigDecimal.ZERO;
            } else if (b.has("limit_usd") == b.has("limit_tokens")) {
                b.report("limit_usd", "set exactly one of limit_usd and limit_tokens");
            }
            String period = b.text("period").orElse(prepaid ? "total" : "monthly");
            if (prepaid && !period.equals("total")) {
                b.report("period", "a prepaid balance never resets: leave period out or set it to total");
            }
            if (!PERIODS.contains(period)) {
                b.report("period", "must be daily, weekly, monthly or total, got '" + period + "'");
            }
            String action = b.text("action").orElse("deny");
            if (!ACTIONS.contains(action)) {
                b.report("action", "must be deny, downgrade or alert_only, got '" + action + "'");
            }
            String downgradeTo = b.text("downgrade_to").orElse(null);
            if (action.equals("downgrade") && downgradeTo == null) {
                b.report("downgrade_to", "is required with action: downgrade");
            } else if (downgradeTo != null && !aliases.contains(downgradeTo)) {
                b.report("downgrade_to", "no model alias '" + downgradeTo + "' is configured");
            }
            String unpriced = b.text("unpriced").orElse("deny");
            if (!unpriced.equals("deny") && !unpriced.equals("allow")) {
                b.report("unpriced", "must be deny or allow, got '" + unpriced + "'");
            }
            List<Integer> alerts = b.integers("alerts", 1, 1000);
            ZoneId zone = zone(b, "timezone", defaultZone);
            if (scopeType != null && (limitUsd == null) != (limitTokens == null) && !name.isEmpty()) {
                budgets.add(new BudgetDefinition(name, scopeType, scopeField, scopeValue, limitUsd, limitTokens, period, zone,
                        action, downgradeTo, unpriced.equals("deny"), alerts, prepaid));
            }
        }
        return budgets;
    }

    private static BigDecimal decimal(ConfigNode b, String value) {
        try {
            BigDecimal d = new BigDecimal(value);
            if (d.signum() < 0) {
                b.report("limit_usd", "must not be negative, got '" + value + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            b.report("limit_usd", "must be a decimal amount in quotes, e.g. \"5.00\", got '" + value + "'");
            return null;
        }
    }

    private static Long tokens(ConfigNode b, String value) {
        try {
            long t = Long.parseLong(value);
            if (t < 0) {
                b.report("limit_tokens", "must not be negative, got '" + value + "'");
            }
            return t;
        } catch (NumberFormatException e) {
            b.report("limit_tokens", "must be a whole number of tokens, got '" + value + "'");
            return null;
        }
    }

    private static ZoneId zone(ConfigNode node, String key, ZoneId fallback) {
        return node.text(key).map(z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                node.report(key, "unknown time zone '" + z + "' (use an IANA name such as Europe/Berlin)");
                return fallback;
            }
        }).orElse(fallback);
    }
}
