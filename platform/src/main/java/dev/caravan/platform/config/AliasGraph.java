package dev.caravan.platform.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the references between aliases (nested targets, conditional rules): each must name a
 * configured alias, and no alias may route back to itself, however indirectly.
 */
final class AliasGraph {

    private AliasGraph() {}

    static void check(List<ModelAlias> models, List<ConfigNode> nodes) {
        Map<String, ModelAlias> byName = byName(models);
        checkReferences(models, nodes, byName);
        for (int i = 0; i < models.size() && i < nodes.size(); i++) {
            String cycle = cycleFrom(models.get(i).alias(), byName);
            if (cycle != null) {
                nodes.get(i).report("alias", "alias cycle: " + cycle);
            }
        }
    }

    /** Saved routes may name aliases but nothing names a saved route, so only references matter. */
    static void checkReferences(List<ModelAlias> routes, List<ConfigNode> nodes, List<ModelAlias> models) {
        checkReferences(routes, nodes, byName(models));
    }

    private static Map<String, ModelAlias> byName(List<ModelAlias> models) {
        Map<String, ModelAlias> byName = new HashMap<>();
        models.forEach(m -> byName.putIfAbsent(m.alias(), m));
        return byName;
    }

    private static void checkReferences(List<ModelAlias> models, List<ConfigNode> nodes, Map<String, ModelAlias> byName) {
        for (int i = 0; i < models.size() && i < nodes.size(); i++) {
            ModelAlias m = models.get(i);
            ConfigNode node = nodes.get(i);
            for (int t = 0; t < m.targets().size(); t++) {
                String target = m.targets().get(t).alias();
                if (target != null && !target.isEmpty() && !byName.containsKey(target)) {
                    node.report("targets[" + t + "].alias", "unknown alias '" + target + "'");
                }
            }
            for (int r = 0; r < m.when().size(); r++) {
                String then = m.when().get(r).then();
                if (!then.isEmpty() && !byName.containsKey(then)) {
                    node.report("when[" + r + "]." + (m.when().get(r).isElse() ? "else" : "then"), "unknown alias '" + then + "'");
                }
            }
        }
    }

    /** The first path from {@code start} back to itself, e.g. {@code a -> b -> a}, or null. */
    private static String cycleFrom(String start, Map<String, ModelAlias> byName) {
        Deque<String> path = new ArrayDeque<>();
        return walk(start, start, byName, path, new HashSet<>());
    }

    private static String walk(String current, String start, Map<String, ModelAlias> byName, Deque<String> path, Set<String> done) {
        path.addLast(current);
        for (String next : references(byName.get(current))) {
            if (next.equals(start)) {
                return String.join(" -> ", path) + " -> " + start;
            }
            if (byName.containsKey(next) && done.add(next)) {
                String found = walk(next, start, byName, path, done);
                if (found != null) {
                    return found;
                }
            }
        }
        path.removeLast();
        return null;
    }

    private static Set<String> references(ModelAlias alias) {
        Set<String> refs = new HashSet<>();
        if (alias != null) {
            alias.targets().stream().filter(TargetConfig::isAlias).forEach(t -> refs.add(t.alias()));
            alias.when().forEach(r -> refs.add(r.then()));
        }
        return refs;
    }
}
