package dev.caravan.platform.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.config.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {

    private static final int PLANS = 10_000;

    private static final CaravanConfig CONFIG = ConfigLoader.fromYaml("""
            providers:
              - { id: openai, plugin: openai, base_url: https://api.openai.com/v1 }
              - { id: anthropic, plugin: anthropic, base_url: https://api.anthropic.com/v1 }
              - { id: groq, plugin: openai, base_url: https://api.groq.com/openai/v1 }
            models:
              - { alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ] }
              - alias: smart
                strategy: fallback
                on_status: [ 503 ]
                retry: { attempts: 2, backoff_ms: 100, max_backoff_ms: 1000 }
                targets:
                  - { provider: anthropic, model: claude, timeout_ms: 20000, retry: { attempts: 5, backoff_ms: 10, max_backoff_ms: 50 } }
                  - { provider: openai, model: gpt-4.1 }
                  - { alias: cheap }
              - alias: cheap
                strategy: loadbalance
                on_status: [ 429 ]
                targets:
                  - { provider: openai, model: gpt-4o-mini, weight: 3 }
                  - { provider: groq, model: llama, weight: 1 }
              - alias: drained
                strategy: loadbalance
                targets:
                  - { provider: openai, model: a, weight: 0 }
                  - { provider: openai, model: b, weight: 1 }
                  - { provider: openai, model: c, weight: 0 }
              - alias: all-zero
                strategy: loadbalance
                targets:
                  - { provider: openai, model: a, weight: 0 }
                  - { provider: openai, model: b, weight: 0 }
              - alias: by-key
                strategy: loadbalance
                sticky: key
                targets: [ { provider: openai, model: a }, { provider: openai, model: b } ]
              - alias: by-tenant
                strategy: loadbalance
                sticky: tenant
                targets: [ { provider: openai, model: a }, { provider: openai, model: b } ]
              - alias: by-user
                strategy: loadbalance
                sticky: metadata.user
                targets: [ { provider: openai, model: a }, { provider: openai, model: b } ]
              - alias: tiered
                strategy: conditional
                when:
                  - { if: "metadata.tier == 'gold'", then: smart }
                  - { if: "metadata.tier == 'gold' || tenant == 'acme'", then: cheap }
                  - { else: fast }
              - alias: front
                strategy: fallback
                targets: [ { alias: tiered }, { provider: anthropic, model: last-resort } ]
            """, Map.of(), Path.of("."));

    private final RoutePlanner planner = new RoutePlanner(CONFIG);

    private static RouteFacts facts(Map<String, String> metadata, String tenant, String key) {
        return new RouteFacts(metadata, tenant, key, "requested", Map.of());
    }

    private static final RouteFacts ANYONE = facts(Map.of(), "t", "k");

    private List<Candidate> plan(String alias, RouteFacts facts) {
        return planner.plan(CONFIG.alias(alias).orElseThrow(), facts);
    }

    private List<String> labels(String alias, RouteFacts facts) {
        return plan(alias, facts).stream().map(Candidate::label).toList();
    }

    /** How many of {@link #PLANS} plans pick each target. */
    private Map<String, Integer> picks(String alias, RouteFacts facts) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < PLANS; i++) {
            counts.merge(labels(alias, facts).get(0), 1, Integer::sum);
        }
        return counts;
    }

    // --- single, fallback, nesting ---

    @Test
    void should_plan_the_one_target_when_strategy_is_single() {
        List<Candidate> plan = plan("fast", ANYONE);

        assertEquals(List.of("openai/gpt-4o-mini"), plan.stream().map(Candidate::label).toList());
        assertEquals(List.of("fast(single)"), plan.get(0).via());
    }

    @Test
    void should_plan_targets_in_order_and_expand_nested_alias_when_strategy_is_fallback() {
        List<String> labels = labels("smart", ANYONE);

        assertEquals(3, labels.size());
        assertEquals(List.of("anthropic/claude", "openai/gpt-4.1"), labels.subList(0, 2));
        assertTrue(Set.of("openai/gpt-4o-mini", "groq/llama").contains(labels.get(2)), labels.toString());
    }

    @Test
    void should_record_alias_chain_in_via_when_target_is_a_nested_alias() {
        List<Candidate> plan = plan("smart", ANYONE);

        assertEquals(List.of("smart(fallback)"), plan.get(1).via());
        assertEquals(List.of("smart(fallback)", "cheap(loadbalance)"), plan.get(2).via());
    }

    @Test
    void should_record_whole_chain_in_via_when_nesting_runs_through_conditional_fallback_and_loadbalance() {
        List<Candidate> plan = plan("front", facts(Map.of("tier", "gold"), "t", "k"));

        assertEquals(List.of(
                List.of("front(fallback)", "tiered(conditional)", "smart(fallback)"),
                List.of("front(fallback)", "tiered(conditional)", "smart(fallback)"),
                List.of("front(fallback)", "tiered(conditional)", "smart(fallback)", "cheap(loadbalance)"),
                List.of("front(fallback)")), plan.stream().map(Candidate::via).toList());
        assertEquals("anthropic/last-resort", plan.get(3).label());
    }

    // --- per-target overrides ---

    @Test
    void should_use_target_retry_when_target_overrides_it() {
        assertEquals(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50)), plan("smart", ANYONE).get(0).retry());
    }

    @Test
    void should_use_alias_retry_when_target_has_none() {
        assertEquals(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(1000)), plan("smart", ANYONE).get(1).retry());
    }

    @Test
    void should_use_target_timeout_when_target_sets_one() {
        assertEquals(Duration.ofSeconds(20), plan("smart", ANYONE).get(0).timeout());
    }

    @Test
    void should_leave_timeout_to_provider_when_target_sets_none() {
        assertNull(plan("smart", ANYONE).get(1).timeout());
    }

    @Test
    void should_use_nested_alias_rules_when_candidate_comes_from_nested_alias() {
        Candidate nested = plan("smart", ANYONE).get(2);

        assertEquals(Set.of(429), nested.onStatus());
        assertEquals(RetryPolicy.NONE, nested.retry());
    }

    @Test
    void should_use_alias_on_status_when_candidate_is_listed_directly() {
        assertEquals(Set.of(503), plan("smart", ANYONE).get(0).onStatus());
    }

    // --- loadbalance ---

    @Test
    void should_split_by_weight_when_strategy_is_loadbalance() {
        Map<String, Integer> picks = picks("cheap", ANYONE);

        // 3:1 of 10,000 is 7,500; one standard deviation is ~43, so ±300 never fails by chance.
        int heavy = picks.getOrDefault("openai/gpt-4o-mini", 0);
        assertTrue(Math.abs(heavy - 7_500) < 300, picks.toString());
        assertEquals(PLANS, heavy + picks.getOrDefault("groq/llama", 0));
    }

    @Test
    void should_plan_one_candidate_when_strategy_is_loadbalance() {
        assertEquals(1, plan("cheap", ANYONE).size());
    }

    @Test
    void should_never_pick_zero_weight_target_when_another_has_weight() {
        assertEquals(Map.of("openai/b", PLANS), picks("drained", ANYONE));
    }

    @Test
    void should_still_pick_a_target_when_every_weight_is_zero() {
        assertEquals(Map.of("openai/a", PLANS), picks("all-zero", ANYONE));
    }

    @Test
    void should_pick_same_target_when_sticky_key_repeats() {
        assertEquals(1, picks("by-key", facts(Map.of(), "t", "key-1")).size());
    }

    @Test
    void should_spread_callers_when_sticky_keys_differ() {
        assertEquals(Set.of("openai/a", "openai/b"), stickyTargets("by-key", i -> facts(Map.of(), "t", "key-" + i)));
    }

    @Test
    void should_pick_same_target_when_sticky_tenant_repeats_with_other_keys() {
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            targets.add(labels("by-tenant", facts(Map.of(), "acme", "key-" + i)).get(0));
        }
        assertEquals(1, targets.size());
    }

    @Test
    void should_spread_callers_when_sticky_tenants_differ() {
        assertEquals(Set.of("openai/a", "openai/b"), stickyTargets("by-tenant", i -> facts(Map.of(), "tenant-" + i, "k")));
    }

    @Test
    void should_pick_same_target_when_sticky_metadata_field_repeats_with_other_keys() {
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            targets.add(labels("by-user", facts(Map.of("user", "u-42", "other", "o-" + i), "t-" + i, "key-" + i)).get(0));
        }
        assertEquals(1, targets.size());
    }

    @Test
    void should_spread_callers_when_sticky_metadata_fields_differ() {
        assertEquals(Set.of("openai/a", "openai/b"), stickyTargets("by-user", i -> facts(Map.of("user", "u-" + i), "t", "k")));
    }

    @Test
    void should_pick_at_random_when_sticky_metadata_field_is_missing() {
        Map<String, Integer> picks = picks("by-user", facts(Map.of("tier", "gold"), "t", "k"));

        assertEquals(Set.of("openai/a", "openai/b"), picks.keySet());
        assertTrue(Math.abs(picks.get("openai/a") - PLANS / 2) < 400, picks.toString());
    }

    /** The targets 200 different callers are sent to, each planned once. */
    private Set<String> stickyTargets(String alias, IntFunction<RouteFacts> caller) {
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            targets.add(labels(alias, caller.apply(i)).get(0));
        }
        return targets;
    }

    // --- conditional ---

    @Test
    void should_route_by_first_matching_rule_when_several_match() {
        assertEquals(List.of("anthropic/claude", "openai/gpt-4.1"),
                labels("tiered", facts(Map.of("tier", "gold"), "acme", "k")).subList(0, 2));
    }

    @Test
    void should_route_by_later_rule_when_only_it_matches() {
        List<Candidate> plan = plan("tiered", facts(Map.of("tier", "silver"), "acme", "k"));

        assertEquals(List.of("tiered(conditional)", "cheap(loadbalance)"), plan.get(0).via());
    }

    @Test
    void should_route_by_else_when_no_rule_matches() {
        List<Candidate> plan = plan("tiered", facts(Map.of(), "globex", "k"));

        assertEquals(List.of("openai/gpt-4o-mini"), plan.stream().map(Candidate::label).toList());
        assertEquals(List.of("tiered(conditional)", "fast(single)"), plan.get(0).via());
    }
}
