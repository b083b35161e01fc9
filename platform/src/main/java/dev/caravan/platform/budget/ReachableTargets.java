package dev.caravan.platform.budget;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConditionRule;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every provider target a request to an alias can end up at, in routing order (first target
 * first): through nested alias targets and conditional branches. Config validation already
 * refuses alias cycles; the visited set keeps this safe regardless.
 */
public final class ReachableTargets {

    private ReachableTargets() {}

    static List<TargetConfig> of(CaravanConfig config, String alias) {
        return of(config::alias, alias);
    }

    /** @param aliases finds a configured alias by name */
    public static List<TargetConfig> of(java.util.function.Function<String, java.util.Optional<ModelAlias>> aliases, String alias) {
        List<TargetConfig> out = new ArrayList<>();
        collect(aliases, alias, new HashSet<>(), out);
        return out;
    }

    private static void collect(java.util.function.Function<String, java.util.Optional<ModelAlias>> aliases, String alias,
            Set<String> visited, List<TargetConfig> out) {
        if (!visited.add(alias)) {
            return;
        }
        ModelAlias found = aliases.apply(alias).orElse(null);
        if (found == null) {
            return;
        }
        for (TargetConfig target : found.targets()) {
            if (target.isAlias()) {
                collect(aliases, target.alias(), visited, out);
            } else {
                out.add(target);
            }
        }
        for (ConditionRule rule : found.when()) {
            collect(aliases, rule.then(), visited, out);
        }
    }
}
