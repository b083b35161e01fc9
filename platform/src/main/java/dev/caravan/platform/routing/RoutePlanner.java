package dev.caravan.platform.routing;

import dev.caravan.platform.config.RouteCondition;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConditionRule;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.TargetConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Turns an alias into the ordered list of targets to try: {@code single} → its target;
 * {@code fallback} → every target in order; {@code loadbalance} → one target picked by weight
 * (by a hash of the sticky value when set, else at random); {@code conditional} → the alias of the
 * first rule that matches. A target that is itself an alias is expanded the same way (the config
 * loader has ruled out cycles). Pure and cheap: no I/O, called once per request.
 */
public final class RoutePlanner {

    private final Map<String, ModelAlias> aliases = new HashMap<>();
    private final Map<String, RouteCondition> conditions = new HashMap<>();

    public RoutePlanner(CaravanConfig config) {
        config.models().forEach(alias -> aliases.put(alias.alias(), alias));
        for (ModelAlias alias : java.util.stream.Stream.concat(config.models().stream(), config.savedRoutes().stream()).toList()) {
            for (ConditionRule rule : alias.when()) {
                if (!rule.isElse()) {
                    conditions.computeIfAbsent(rule.condition(), RouteCondition::compile);
                }
            }
        }
    }

    public List<Candidate> plan(ModelAlias alias, RouteFacts facts) {
        List<Candidate> out = new ArrayList<>();
        expand(alias, facts, List.of(), out);
        return out;
    }

    private void expand(ModelAlias alias, RouteFacts facts, List<String> via, List<Candidate> out) {
        List<String> here = new ArrayList<>(via);
        here.add(alias.alias() + "(" + alias.strategy() + ")");
        switch (alias.strategy()) {
            case "conditional" -> expand(aliases.get(matchingRule(alias, facts).then()), facts, here, out);
            case "loadbalance" -> add(alias, pick(alias, facts), facts, here, out);
            default -> alias.targets().forEach(t -> add(alias, t, facts, here, out));
        }
    }

    private void add(ModelAlias owner, TargetConfig target, RouteFacts facts, List<String> via, List<Candidate> out) {
        if (target.isAlias()) {
            expand(aliases.get(target.alias()), facts, via, out);
        } else {
            out.add(new Candidate(target, via, target.timeout(),
                    target.retry() != null ? target.retry() : owner.retry(), owner.onStatus()));
        }
    }

    private ConditionRule matchingRule(ModelAlias alias, RouteFacts facts) {
        for (ConditionRule rule : alias.when()) {
            if (rule.isElse() || conditions.get(rule.condition()).matches(facts.variables())) {
                return rule;
            }
        }
        throw new IllegalStateException("conditional alias '" + alias.alias() + "' has no else rule");
    }

    private static TargetConfig pick(ModelAlias alias, RouteFacts facts) {
        long total = alias.targets().stream().mapToLong(TargetConfig::weight).sum();
        if (total <= 0) {
            return alias.targets().get(0);
        }
        String sticky = alias.sticky() == null ? null : facts.stickyValue(alias.sticky());
        long point = sticky == null ? ThreadLocalRandom.current().nextLong(total) : Math.floorMod(hash(sticky), total);
        for (TargetConfig target : alias.targets()) {
            point -= target.weight();
            if (point < 0) {
                return target;
            }
        }
        return alias.targets().get(alias.targets().size() - 1);
    }

    private static long hash(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
