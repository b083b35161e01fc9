package dev.caravan.platform.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds {@code models[]}: unique aliases, a supported strategy, targets on known providers. */
final class ModelAliasBinder {

    static final List<String> STRATEGIES = List.of("single");

    private ModelAliasBinder() {}

    static List<ModelAlias> bind(ConfigNode root, Set<String> providerIds) {
        List<ModelAlias> models = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode m : root.items("models")) {
            m.allowOnly("alias", "strategy", "targets");
            String alias = m.requiredText("alias").orElse("");
            if (alias.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                m.report("alias", "must not contain spaces or control characters, got '" + alias + "'");
            } else if (!alias.isEmpty() && seen.putIfAbsent(alias, m.pathOf("alias")) != null) {
                m.report("alias", "duplicate alias '" + alias + "' (also " + seen.get(alias) + ")");
            }
            String strategy = m.text("strategy").orElse("single");
            if (!STRATEGIES.contains(strategy)) {
                m.report("strategy", "unsupported '" + strategy + "' (supported: " + String.join(", ", STRATEGIES) + ")");
            }
            models.add(new ModelAlias(alias, strategy, targets(m, providerIds)));
        }
        return models;
    }

    private static List<TargetConfig> targets(ConfigNode m, Set<String> providerIds) {
        if (!m.has("targets")) {
            m.report("targets", "required");
        } else if (m.isEmptyList("targets")) {
            m.report("targets", "must list at least one target");
        }
        List<TargetConfig> targets = new ArrayList<>();
        for (ConfigNode t : m.items("targets")) {
            t.allowOnly("provider", "model");
            String provider = t.requiredText("provider").orElse("");
            if (!provider.isEmpty() && !providerIds.contains(provider)) {
                t.report("provider", "unknown provider '" + provider + "'");
            }
            targets.add(new TargetConfig(provider, t.requiredText("model").orElse("")));
        }
        return targets;
    }
}
