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
 * thresholds. Every problem names its field.
 */
final class BudgetBinder {

    private static final Set<String> SCOPES = Set.of("tenant", "key", "alias", "provider", "metadata");
    private static final Set<String> PERIODS = Set.of("daily", "weekly", "monthly", "total");
    private static final Set<String> ACTIONS = Set.of("deny", "downgrade", "alert_only");

    private BudgetBinder() {}

    static List<BudgetDefinition> bind(ConfigNode root, Set<String> aliases) {
        ZoneId defaultZone = zone(root, "budgets_timezone", ZoneOffset.UTC);
        List<BudgetDefinition> budgets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode b : root.items("budgets")) {
            b.allowOnly("name", "scope", "limit_usd", "limit_tokens", "period", "timezone", "action", "downgrade_to",
                    "unpriced", "alerts");
            String name = b.requiredText("name").orElse("");
            if (!name.isEmpty() && !names.add(name)) {
                b.report("name", "duplicate budget name '" + name + "'");
            }
            Map<String, String> scope = b.textMap("scope");
            String scopeType = null;
            String scopeField = null;
            String scopeValue = null;
            if (scope.size() != 1) {
                b.report("scope", "must name exactly one of tenant, key, alias, provider, metadata.<field>, got " + scope.keySet());
            } else {
                String type = scope.keySet().iterator().next();
                scopeValue = scope.get(type);
                if (type.startsWith("metadata.") && type.length() > "metadata.".length()) {
                    scopeType = "metadata";
                    scopeField = type.substring("metadata.".length());
                } else if (SCOPES.contains(type) && !type.equals("metadata")) {
                    scopeType = type;
                } else {
                    b.report("scope." + type, "unknown scope; use tenant, key, alias, provider or metadata.<field>");
                }
            }
            BigDecimal limitUsd = b.text("limit_usd").map(v -> decimal(b, v)).orElse(null);
            Long limitTokens = b.text("limit_tokens").map(v -> tokens(b, v)).orElse(null);
            if (b.has("limit_usd") == b.has("limit_tokens")) {
                b.report("limit_usd", "set exactly one of limit_usd and limit_tokens");
            }
            String period = b.text("period").orElse("monthly");
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
                        action, downgradeTo, unpriced.equals("deny"), alerts));
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
