package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing keys of {@code models[]} and the {@code breaker} section: each rule with its exact message, and the defaults. */
class RoutingConfigTest {

    private static final String PROVIDERS = """
            providers:
              - { id: openai, plugin: openai, base_url: https://api.openai.com/v1 }
              - { id: anthropic, plugin: anthropic, base_url: https://api.anthropic.com/v1 }
              - { id: groq, plugin: openai, base_url: https://api.groq.com/openai/v1 }
            """;

    /** A config with the three providers and {@code models} as given (YAML list items, two-space indent). */
    private static String models(String items) {
        return PROVIDERS + "models:\n" + items.indent(2);
    }

    private static ModelAlias alias(String items, String name) {
        return parse(models(items)).alias(name).orElseThrow();
    }

    // --- strategies and what each needs ---

    @Test
    void should_reject_single_when_it_has_two_targets() {
        assertEquals(List.of("models[0].targets: strategy single takes one target, got 2 (use fallback or loadbalance)"),
                problems(models("- { alias: a, targets: [ { provider: openai, model: x }, { provider: openai, model: y } ] }")));
    }

    @Test
    void should_default_to_single_when_strategy_is_absent() {
        assertEquals("single", alias("- { alias: a, targets: [ { provider: openai, model: x } ] }", "a").strategy());
    }

    @Test
    void should_reject_targets_when_strategy_is_conditional() {
        assertEquals(List.of("models[1].targets: strategy conditional routes with 'when', not targets"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: c, strategy: conditional, targets: [ { provider: openai, model: x } ], when: [ { else: a } ] }
                """)));
    }

    @Test
    void should_require_when_when_strategy_is_conditional() {
        assertEquals(List.of("models[0].when: required for strategy conditional: a list of {if, then} rules ending with {else}"),
                problems(models("- { alias: c, strategy: conditional }")));
    }

    @Test
    void should_reject_when_when_strategy_is_not_conditional() {
        assertEquals(List.of("models[1].when: only applies to strategy conditional"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: f, strategy: fallback, targets: [ { provider: openai, model: x } ], when: [ { else: a } ] }
                """)));
    }

    @Test
    void should_reject_else_when_it_is_not_the_last_rule() {
        assertEquals(List.of("models[1].when[0].else: the else rule must come last"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: c, strategy: conditional, when: [ { else: a }, { else: a } ] }
                """)));
    }

    @Test
    void should_reject_last_rule_when_it_is_not_an_else() {
        assertEquals(List.of("models[1].when[0].then: the last rule must be {else: <alias>} so every request has a route"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: c, strategy: conditional, when: [ { if: "tenant == 'acme'", then: a } ] }
                        """)));
    }

    @Test
    void should_say_why_when_condition_is_not_valid_jexl() {
        assertEquals(List.of("models[1].when[0].if: invalid condition 'metadata.tier ==': parsing error in '=='"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: c, strategy: conditional, when: [ { if: "metadata.tier ==", then: a }, { else: a } ] }
                        """)));
    }

    @Test
    void should_reject_on_status_when_strategy_is_conditional() {
        assertEquals(List.of("models[1].on_status: does not apply to strategy conditional; set it on the aliases its rules name"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: c, strategy: conditional, on_status: [ 503 ], when: [ { else: a } ] }
                        """)));
    }

    @Test
    void should_reject_retry_when_strategy_is_conditional() {
        assertEquals(List.of("models[1].retry: does not apply to strategy conditional; set it on the aliases its rules name"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: c, strategy: conditional, retry: { attempts: 2 }, when: [ { else: a } ] }
                        """)));
    }

    @Test
    void should_say_required_when_rule_has_no_condition() {
        assertEquals(List.of("models[1].when[0].if: required"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: c, strategy: conditional, when: [ { then: a }, { else: a } ] }
                """)));
    }

    // --- references between aliases ---

    @Test
    void should_name_unknown_alias_when_then_names_one() {
        assertEquals(List.of("models[1].when[0].then: unknown alias 'nope'"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: c, strategy: conditional, when: [ { if: "tenant == 'acme'", then: nope }, { else: a } ] }
                """)));
    }

    @Test
    void should_name_unknown_alias_when_else_names_one() {
        assertEquals(List.of("models[1].when[1].else: unknown alias 'nope'"), problems(models("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: c, strategy: conditional, when: [ { if: "tenant == 'acme'", then: a }, { else: nope } ] }
                """)));
    }

    @Test
    void should_name_unknown_alias_when_target_names_one() {
        assertEquals(List.of("models[0].targets[1].alias: unknown alias 'nope'"), problems(models(
                "- { alias: f, strategy: fallback, targets: [ { provider: openai, model: x }, { alias: nope } ] }")));
    }

    @Test
    void should_reject_target_when_it_has_both_alias_and_provider() {
        assertEquals(List.of("models[1].targets[0].alias: a target is either an alias or a provider and model, not both"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: f, strategy: fallback, targets: [ { alias: a, provider: openai, model: x } ] }
                        """)));
    }

    @Test
    void should_reject_timeout_when_target_is_an_alias() {
        assertEquals(List.of("models[1].targets[0].timeout_ms: only applies to provider targets; set it on the targets of alias 'a'"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: f, strategy: fallback, targets: [ { alias: a, timeout_ms: 500 } ] }
                        """)));
    }

    @Test
    void should_reject_retry_when_target_is_an_alias() {
        assertEquals(List.of("models[1].targets[0].retry: only applies to provider targets; set it on the targets of alias 'a'"),
                problems(models("""
                        - { alias: a, targets: [ { provider: openai, model: x } ] }
                        - { alias: f, strategy: fallback, targets: [ { alias: a, retry: { attempts: 2 } } ] }
                        """)));
    }

    @Test
    void should_accept_weight_when_target_is_an_alias() {
        assertEquals(new TargetConfig(null, null, "a", 4, null, null), alias("""
                - { alias: a, targets: [ { provider: openai, model: x } ] }
                - { alias: lb, strategy: loadbalance, targets: [ { alias: a, weight: 4 }, { provider: openai, model: y } ] }
                """, "lb").targets().get(0));
    }

    @Test
    void should_report_cycle_when_alias_targets_itself() {
        assertEquals(List.of("models[0].alias: alias cycle: a -> a"), problems(models(
                "- { alias: a, strategy: fallback, targets: [ { provider: openai, model: x }, { alias: a } ] }")));
    }

    @Test
    void should_report_cycle_at_each_alias_in_it_when_two_aliases_target_each_other() {
        assertEquals(List.of("models[0].alias: alias cycle: a -> b -> a", "models[1].alias: alias cycle: b -> a -> b"),
                problems(models("""
                        - { alias: a, strategy: fallback, targets: [ { provider: openai, model: x }, { alias: b } ] }
                        - { alias: b, strategy: fallback, targets: [ { provider: openai, model: y }, { alias: a } ] }
                        """)));
    }

    @Test
    void should_report_cycle_when_it_runs_through_conditional_rules() {
        assertEquals(List.of("models[0].alias: alias cycle: a -> b -> a", "models[1].alias: alias cycle: b -> a -> b"),
                problems(models("""
                        - { alias: a, strategy: conditional, when: [ { if: "tenant == 'acme'", then: b }, { else: z } ] }
                        - { alias: b, strategy: fallback, targets: [ { provider: openai, model: y }, { alias: a } ] }
                        - { alias: z, targets: [ { provider: openai, model: z } ] }
                        """)));
    }

    @Test
    void should_not_report_alias_when_it_only_leads_into_a_cycle() {
        assertEquals(List.of("models[1].alias: alias cycle: a -> a"), problems(models("""
                - { alias: entry, strategy: fallback, targets: [ { provider: openai, model: x }, { alias: a } ] }
                - { alias: a, strategy: conditional, when: [ { else: a } ] }
                """)));
    }

    // --- loadbalance-only keys ---

    @Test
    void should_reject_weight_when_strategy_is_not_loadbalance() {
        assertEquals(List.of("models[0].targets[0].weight: only applies to strategy loadbalance"), problems(models(
                "- { alias: f, strategy: fallback, targets: [ { provider: openai, model: x, weight: 2 } ] }")));
    }

    @Test
    void should_reject_negative_weight_when_strategy_is_loadbalance() {
        assertEquals(List.of("models[0].targets[0].weight: must be an integer between 0 and 1000000, got '-1'"), problems(models(
                "- { alias: lb, strategy: loadbalance, targets: [ { provider: openai, model: x, weight: -1 } ] }")));
    }

    @Test
    void should_reject_sticky_when_strategy_is_not_loadbalance() {
        assertEquals(List.of("models[0].sticky: only applies to strategy loadbalance"), problems(models(
                "- { alias: f, strategy: fallback, sticky: key, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_sticky_when_it_names_no_supported_value() {
        assertEquals(List.of("models[0].sticky: must be key, tenant or metadata.<field>, got 'ip'"), problems(models(
                "- { alias: lb, strategy: loadbalance, sticky: ip, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_sticky_when_metadata_field_is_empty() {
        assertEquals(List.of("models[0].sticky: must be key, tenant or metadata.<field>, got 'metadata.'"), problems(models(
                "- { alias: lb, strategy: loadbalance, sticky: metadata., targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_accept_sticky_when_it_names_a_metadata_field() {
        assertEquals("metadata.user", alias(
                "- { alias: lb, strategy: loadbalance, sticky: metadata.user, targets: [ { provider: openai, model: x } ] }", "lb").sticky());
    }

    // --- on_status, retry, timeouts, deadline ---

    @Test
    void should_report_each_on_status_entry_at_its_own_path_when_out_of_range() {
        assertEquals(List.of(
                "models[0].on_status[1]: must be an integer between 400 and 599, got '200'",
                "models[0].on_status[2]: must be an integer between 400 and 599, got '600'",
                "models[0].on_status[3]: must be an integer between 400 and 599, got 'x'"),
                problems(models("- { alias: f, strategy: fallback, on_status: [ 503, 200, 600, x ], targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_on_status_when_it_is_not_a_list() {
        assertEquals(List.of("models[0].on_status: must be a list of integers, got a number"), problems(models(
                "- { alias: f, strategy: fallback, on_status: 503, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_keep_only_listed_statuses_when_on_status_is_set() {
        assertEquals(Set.of(503, 408), alias(
                "- { alias: f, strategy: fallback, on_status: [ 503, 408 ], targets: [ { provider: openai, model: x } ] }", "f").onStatus());
    }

    @Test
    void should_reject_retry_attempts_when_above_ten() {
        assertEquals(List.of("models[0].retry.attempts: must be an integer between 0 and 10, got '11'"), problems(models(
                "- { alias: f, retry: { attempts: 11 }, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_retry_backoff_when_zero() {
        assertEquals(List.of("models[0].retry.backoff_ms: must be an integer between 1 and 60000, got '0'"), problems(models(
                "- { alias: f, retry: { backoff_ms: 0 }, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_retry_max_backoff_when_above_ten_minutes() {
        assertEquals(List.of("models[0].retry.max_backoff_ms: must be an integer between 1 and 600000, got '600001'"), problems(models(
                "- { alias: f, retry: { max_backoff_ms: 600001 }, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_suggest_key_when_retry_key_is_misspelt() {
        assertEquals(List.of("models[0].retry.atempts: unknown key (did you mean 'attempts'?)"), problems(models(
                "- { alias: f, retry: { atempts: 2 }, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_take_unset_target_retry_keys_from_alias_when_target_overrides_attempts_only() {
        ModelAlias f = alias("""
                - alias: f
                  strategy: fallback
                  retry: { attempts: 1, backoff_ms: 100, max_backoff_ms: 2000 }
                  targets: [ { provider: openai, model: x, retry: { attempts: 3 } } ]
                """, "f");

        assertEquals(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(2000)), f.targets().get(0).retry());
    }

    @Test
    void should_name_target_path_when_target_retry_is_out_of_range() {
        assertEquals(List.of("models[0].targets[0].retry.attempts: must be an integer between 0 and 10, got '-1'"), problems(models(
                "- { alias: f, targets: [ { provider: openai, model: x, retry: { attempts: -1 } } ] }")));
    }

    @Test
    void should_reject_target_timeout_when_zero() {
        assertEquals(List.of("models[0].targets[0].timeout_ms: must be an integer between 1 and 86400000, got '0'"), problems(models(
                "- { alias: f, targets: [ { provider: openai, model: x, timeout_ms: 0 } ] }")));
    }

    @Test
    void should_reject_deadline_when_zero() {
        assertEquals(List.of("models[0].deadline_ms: must be an integer between 1 and 3600000, got '0'"), problems(models(
                "- { alias: f, deadline_ms: 0, targets: [ { provider: openai, model: x } ] }")));
    }

    @Test
    void should_reject_deadline_when_above_one_hour() {
        assertEquals(List.of("models[0].deadline_ms: must be an integer between 1 and 3600000, got '3600001'"), problems(models(
                "- { alias: f, deadline_ms: 3600001, targets: [ { provider: openai, model: x } ] }")));
    }

    // --- breaker ---

    @Test
    void should_reject_breaker_failure_rate_when_above_100() {
        assertEquals(List.of("breaker.failure_rate_percent: must be an integer between 1 and 100, got '101'"),
                problems("breaker: { failure_rate_percent: 101 }"));
    }

    @Test
    void should_reject_breaker_failure_rate_when_zero() {
        assertEquals(List.of("breaker.failure_rate_percent: must be an integer between 1 and 100, got '0'"),
                problems("breaker: { failure_rate_percent: 0 }"));
    }

    @Test
    void should_reject_breaker_window_when_zero() {
        assertEquals(List.of("breaker.window: must be an integer between 1 and 10000, got '0'"), problems("breaker: { window: 0 }"));
    }

    @Test
    void should_reject_breaker_minimum_calls_when_larger_than_window() {
        assertEquals(List.of("breaker.minimum_calls: must not exceed window (10), got 11"),
                problems("breaker: { window: 10, minimum_calls: 11 }"));
    }

    @Test
    void should_lower_default_minimum_calls_when_window_is_smaller() {
        assertEquals(new BreakerConfig(50, 3, 3, Duration.ofSeconds(30), 2), parse("breaker: { window: 3 }").breaker());
    }

    @Test
    void should_reject_breaker_open_ms_when_zero() {
        assertEquals(List.of("breaker.open_ms: must be an integer between 1 and 86400000, got '0'"), problems("breaker: { open_ms: 0 }"));
    }

    @Test
    void should_reject_breaker_trial_calls_when_above_1000() {
        assertEquals(List.of("breaker.trial_calls: must be an integer between 1 and 1000, got '1001'"), problems("breaker: { trial_calls: 1001 }"));
    }

    @Test
    void should_suggest_key_when_breaker_key_is_misspelt() {
        assertEquals(List.of("breaker.windw: unknown key (did you mean 'window'?)"), problems("breaker: { windw: 5 }"));
    }

    @Test
    void should_bind_breaker_when_every_key_is_set() {
        assertEquals(new BreakerConfig(25, 40, 10, Duration.ofMillis(1500), 3),
                parse("breaker: { failure_rate_percent: 25, window: 40, minimum_calls: 10, open_ms: 1500, trial_calls: 3 }").breaker());
    }

    // --- defaults ---

    @Test
    void should_retry_on_429_and_5xx_gateway_statuses_when_on_status_is_absent() {
        assertEquals(Set.of(429, 500, 502, 503, 504), alias("- { alias: a, targets: [ { provider: openai, model: x } ] }", "a").onStatus());
    }

    @Test
    void should_not_retry_when_retry_is_absent() {
        assertEquals(new RetryPolicy(0, Duration.ofMillis(250), Duration.ofSeconds(4)),
                alias("- { alias: a, targets: [ { provider: openai, model: x } ] }", "a").retry());
    }

    @Test
    void should_allow_ten_minutes_when_deadline_is_absent() {
        assertEquals(Duration.ofMinutes(10), alias("- { alias: a, targets: [ { provider: openai, model: x } ] }", "a").deadline());
    }

    @Test
    void should_leave_target_overrides_unset_when_absent() {
        assertEquals(new TargetConfig("openai", "x", null, 1, null, null),
                alias("- { alias: a, targets: [ { provider: openai, model: x } ] }", "a").targets().get(0));
    }

    @Test
    void should_use_breaker_defaults_when_section_is_absent() {
        assertEquals(new BreakerConfig(50, 20, 5, Duration.ofSeconds(30), 2), ConfigLoader.defaults(ConfigFixtures.HOME).breaker());
    }

    // --- a full example ---

    @Test
    void should_bind_every_routing_key_when_example_is_valid() {
        CaravanConfig c = parse(models("""
                - alias: smart
                  strategy: fallback
                  on_status: [429, 500, 502, 503, 504]
                  retry: { attempts: 2, backoff_ms: 100, max_backoff_ms: 2000 }
                  deadline_ms: 60000
                  targets:
                    - { provider: anthropic, model: claude-sonnet-4-5, timeout_ms: 20000 }
                    - { provider: openai, model: gpt-4.1, retry: { attempts: 0 } }
                    - { alias: cheap }
                - alias: cheap
                  strategy: loadbalance
                  sticky: metadata.user
                  targets:
                    - { provider: openai, model: gpt-4o-mini, weight: 3 }
                    - { provider: groq, model: llama-3.1-8b-instant, weight: 1 }
                - alias: by-tier
                  strategy: conditional
                  when:
                    - { if: "metadata.tier == 'gold'", then: smart }
                    - { else: cheap }
                """));

        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(2000));
        assertEquals(List.of(
                new ModelAlias("smart", "fallback", List.of(
                        new TargetConfig("anthropic", "claude-sonnet-4-5", null, 1, Duration.ofSeconds(20), null),
                        new TargetConfig("openai", "gpt-4.1", null, 1, null, new RetryPolicy(0, Duration.ofMillis(100), Duration.ofMillis(2000))),
                        new TargetConfig(null, null, "cheap", 1, null, null)),
                        Set.of(429, 500, 502, 503, 504), twice, Duration.ofMinutes(1), null, List.of()),
                new ModelAlias("cheap", "loadbalance", List.of(
                        new TargetConfig("openai", "gpt-4o-mini", null, 3, null, null),
                        new TargetConfig("groq", "llama-3.1-8b-instant", null, 1, null, null)),
                        ModelAlias.DEFAULT_ON_STATUS, RetryPolicy.NONE, ModelAlias.DEFAULT_DEADLINE, "metadata.user", List.of()),
                new ModelAlias("by-tier", "conditional", List.of(), ModelAlias.DEFAULT_ON_STATUS, RetryPolicy.NONE,
                        ModelAlias.DEFAULT_DEADLINE, null,
                        List.of(new ConditionRule("metadata.tier == 'gold'", "smart"), new ConditionRule(null, "cheap")))),
                c.models());
    }
}
