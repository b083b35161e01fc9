package dev.caravan.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code models[]}: unique aliases, a supported strategy with what it needs, targets on
 * known providers or known aliases, and no alias that ends up routing to itself.
 */
final class ModelAliasBinder {

    static final List<String> STRATEGIES = List.of("single", "fallback", "loadbalance", "conditional");

    private ModelAliasBinder() {}

    static List<ModelAlias> bind(ConfigNode root, Set<String> providerIds) {
        List<ConfigNode> nodes = root.items("models");
        List<ModelAlias> models = bindAll(nodes, "alias", providerIds);
        AliasGraph.check(models, nodes);
        return models;
    }

    /**
     * {@code saved_routes[]}: routing set-ups with an {@code id} instead of an alias, chosen per
     * request with the {@code x-caravan-route} header (canaries); their targets may name aliases.
     */
    static List<ModelAlias> bindSavedRoutes(ConfigNode root, Set<String> providerIds, List<ModelAlias> models) {
        List<ConfigNode> nodes = root.items("saved_routes");
        List<ModelAlias> routes = bindAll(nodes, "id", providerIds);
        AliasGraph.checkReferences(routes, nodes, models);
        return routes;
    }

    private static List<ModelAlias> bindAll(List<ConfigNode> nodes, String nameKey, Set<String> providerIds) {
        List<ModelAlias> bound = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (ConfigNode m : nodes) {
            m.allowOnly(nameKey, "strategy", "targets", "on_status", "retry", "deadline_ms", "sticky", "when", GuardrailBinder.KEY);
            String name = m.requiredText(nameKey).orElse("");
            if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                m.report(nameKey, "must not contain spaces or control characters, got '" + name + "'");
            } else if (!name.isEmpty() && seen.putIfAbsent(name, m.pathOf(nameKey)) != null) {
                m.report(nameKey, "duplicate " + nameKey + " '" + name + "' (also " + seen.get(name) + ")");
            }
            bound.add(bindOne(m, name, providerIds));
        }
        return bound;
    }

    private static ModelAlias bindOne(ConfigNode m, String alias, Set<String> providerIds) {
        String strategy = m.text("strategy").orElse("single");
        if (!STRATEGIES.contains(strategy)) {
            m.report("strategy", "unsupported '" + strategy + "' (supported: " + String.join(", ", STRATEGIES) + ")");
        }
        boolean conditional = strategy.equals("conditional");
        RetryPolicy retry = retry(m.section("retry"), RetryPolicy.NONE);
        List<TargetConfig> targets = conditional ? noTargets(m) : targets(m, providerIds, strategy, retry);
        List<Integer> onStatus = m.integers("on_status", 400, 599);
        String sticky = m.text("sticky").orElse(null);
        if (sticky != null && !strategy.equals("loadbalance")) {
            m.report("sticky", "only applies to strategy loadbalance");
        } else if (sticky != null && !sticky.equals("key") && !sticky.equals("tenant") && !sticky.matches("metadata\\.[A-Za-z0-9_.-]+")) {
            m.report("sticky", "must be key, tenant or metadata.<field>, got '" + sticky + "'");
        }
        return new ModelAlias(alias, strategy, targets,
                m.has("on_status") ? new HashSet<>(onStatus) : ModelAlias.DEFAULT_ON_STATUS,
                retry,
                Duration.ofMillis(ConfigValues.integer(m, "deadline_ms", (int) ModelAlias.DEFAULT_DEADLINE.toMillis(), 1, 3_600_000)),
                sticky, conditional ? rules(m) : noRules(m));
    }

    static RetryPolicy retry(ConfigNode r, RetryPolicy fallback) {
        r.allowOnly("attempts", "backoff_ms", "max_backoff_ms");
        return new RetryPolicy(
                ConfigValues.integer(r, "attempts", fallback.attempts(), 0, 10),
                Duration.ofMillis(ConfigValues.integer(r, "backoff_ms", (int) fallback.backoff().toMillis(), 1, 60_000)),
                Duration.ofMillis(ConfigValues.integer(r, "max_backoff_ms", (int) fallback.maxBackoff().toMillis(), 1, 600_000)));
    }

    private static List<TargetConfig> targets(ConfigNode m, Set<String> providerIds, String strategy, RetryPolicy aliasRetry) {
        if (!m.has("targets")) {
            m.report("targets", "required");
        } else if (m.isEmptyList("targets")) {
            m.report("targets", "must list at least one target");
        }
        List<ConfigNode> nodes = m.items("targets");
        if (strategy.equals("single") && nodes.size() > 1) {
            m.report("targets", "strategy single takes one target, got " + nodes.size() + " (use fallback or loadbalance)");
        }
        List<TargetConfig> targets = new ArrayList<>();
        for (ConfigNode t : nodes) {
            targets.add(TargetBinder.bind(t, providerIds, strategy, aliasRetry));
        }
        return targets;
    }

    private static List<TargetConfig> noTargets(ConfigNode m) {
        if (m.has("targets")) {
            m.report("targets", "strategy conditional routes with 'when', not targets");
        }
        // The alias a rule picks tries its own targets with its own on_status and retry.
        for (String key : new String[] {"on_status", "retry"}) {
            if (m.has(key)) {
                m.report(key, "does not apply to strategy conditional; set it on the aliases its rules name");
            }
        }
        return List.of();
    }

    private static List<ConditionRule> noRules(ConfigNode m) {
        if (m.has("when")) {
            m.report("when", "only applies to strategy conditional");
        }
        return List.of();
    }

    private static List<ConditionRule> rules(ConfigNode m) {
        List<ConfigNode> nodes = m.items("when");
        if (nodes.isEmpty()) {
            m.report("when", "required for strategy conditional: a list of {if, then} rules ending with {else}");
        }
        List<ConditionRule> rules = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode rule = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (rule.has("else")) {
                rule.allowOnly("else");
                if (!last) {
                    rule.report("else", "the else rule must come last");
                }
                rules.add(new ConditionRule(null, rule.requiredText("else").orElse("")));
                continue;
            }
            rule.allowOnly("if", "then");
            String condition = rule.requiredText("if").orElse("");
            String problem = condition.isEmpty() ? null : RouteCondition.check(condition);
            if (problem != null) {
                rule.report("if", problem);
            }
            rules.add(new ConditionRule(condition, rule.requiredText("then").orElse("")));
            if (last) {
                rule.report("then", "the last rule must be {else: <alias>} so every request has a route");
            }
        }
        return rules;
    }
}
