package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.VALID;
import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void should_name_target_path_when_target_provider_is_unknown() {
        List<String> problems = problems("""
                providers: [ { id: openai, plugin: openai, base_url: https://api.openai.com/v1 } ]
                models:
                  - { alias: fast, targets: [ { provider: openai, model: a } ] }
                  - { alias: slow, targets: [ { provider: opneai, model: b } ] }
                """);

        assertEquals(List.of("models[1].targets[0].provider: unknown provider 'opneai'"), problems);
    }

    @Test
    void should_quote_value_when_port_is_not_an_integer() {
        assertEquals(List.of("server.port: must be an integer between 1 and 65535, got 'abc'"), problems("server: { port: abc }"));
    }

    @Test
    void should_reject_port_when_out_of_range() {
        assertEquals(List.of("server.port: must be an integer between 1 and 65535, got '70000'"), problems("server: { port: 70000 }"));
    }

    @Test
    void should_reject_drain_timeout_when_negative_or_not_an_integer() {
        assertEquals(List.of("server.drain_timeout_ms: must be an integer between 0 and 3600000, got '-1'"),
                problems("server: { drain_timeout_ms: -1 }"));
        assertEquals(List.of("server.drain_timeout_ms: must be an integer between 0 and 3600000, got '30s'"),
                problems("server: { drain_timeout_ms: 30s }"));
    }

    @Test
    void should_bind_drain_timeout_with_30_seconds_by_default_and_0_allowed() {
        assertEquals(java.time.Duration.ofSeconds(30), ConfigFixtures.parse("").server().drainTimeout());
        assertEquals(java.time.Duration.ZERO, ConfigFixtures.parse("server: { drain_timeout_ms: 0 }").server().drainTimeout());
        assertEquals(java.time.Duration.ofMillis(5000), ConfigFixtures.parse("server: { drain_timeout_ms: 5000 }").server().drainTimeout());
    }

    @Test
    void should_say_required_when_base_url_is_missing() {
        assertEquals(List.of("providers[0].base_url: required"), problems("providers: [ { id: openai, plugin: openai } ]"));
    }

    @Test
    void should_reject_base_url_when_not_absolute_http() {
        assertEquals(List.of("providers[0].base_url: must be an absolute http(s) URL such as https://api.openai.com/v1, got 'api.openai.com/v1'"),
                problems("providers: [ { id: o, plugin: openai, base_url: api.openai.com/v1 } ]"));
    }

    @Test
    void should_ask_for_a_host_when_base_url_host_is_invalid() {
        assertEquals(List.of("providers[0].base_url: must name a host (letters, digits, '-' and '.'; no '_'), got 'http://my_vllm:8000'"),
                problems("providers: [ { id: o, plugin: openai, base_url: 'http://my_vllm:8000' } ]"));
    }

    @Test
    void should_strip_trailing_slashes_when_base_url_ends_with_one() {
        CaravanConfig c = parse("providers: [ { id: o, plugin: openai, base_url: 'http://localhost:8000/v1//' } ]");

        assertEquals(URI.create("http://localhost:8000/v1"), c.providers().get(0).baseUrl());
    }

    @Test
    void should_reject_key_when_shorter_than_16_characters() {
        assertEquals(List.of("keys[0].key: must be at least 16 characters"), problems("keys: [ { name: dev, key: short } ]"));
    }

    @Test
    void should_report_unknown_key_when_top_level_key_is_unknown() {
        assertEquals(List.of("foo: unknown key"), problems("foo: 1"));
    }

    @Test
    void should_suggest_nearest_key_when_nested_key_is_misspelt() {
        assertEquals(List.of("server.prot: unknown key (did you mean 'port'?)"), problems("server: { prot: 9090 }"));
    }

    @Test
    void should_report_unknown_key_when_it_is_inside_a_target() {
        assertEquals(List.of("models[0].targets[0].wieght: unknown key (did you mean 'weight'?)"),
                problems(VALID.replace("model: gpt-4o-mini }", "model: gpt-4o-mini, wieght: 2 }")));
    }

    @Test
    void should_accept_any_keys_when_they_are_under_provider_options() {
        CaravanConfig c = parse(VALID.replace("base_url: https://api.openai.com/v1 }", "base_url: https://x.io, options: { whatever: { deep: true } } }"));

        assertEquals(true, c.providers().get(0).options().at("/whatever/deep").asBoolean());
    }

    @Test
    void should_reject_duplicate_when_two_providers_share_an_id() {
        assertEquals(List.of("providers[1].id: duplicate provider id 'o' (also providers[0].id)"),
                problems("providers: [ { id: o, plugin: p, base_url: 'http://a' }, { id: o, plugin: p, base_url: 'http://b' } ]"));
    }

    @Test
    void should_reject_duplicate_when_two_models_share_an_alias() {
        String yaml = VALID.replace("models:\n", "models:\n  - { alias: fast, targets: [ { provider: openai, model: x } ] }\n");

        assertEquals(List.of("models[1].alias: duplicate alias 'fast' (also models[0].alias)"), problems(yaml));
    }

    @Test
    void should_reject_duplicate_when_two_keys_share_a_name() {
        assertEquals(List.of("keys[1].name: duplicate key name 'dev' (also keys[0].name)"),
                problems("keys: [ { name: dev, key: aaaaaaaaaaaaaaaa }, { name: dev, key: bbbbbbbbbbbbbbbb } ]"));
    }

    @Test
    void should_reject_duplicate_without_quoting_when_two_keys_share_a_value() {
        assertEquals(List.of("keys[1].key: same value as keys[0].key (value hidden)"),
                problems("keys: [ { name: a, key: aaaaaaaaaaaaaaaa }, { name: b, key: aaaaaaaaaaaaaaaa } ]"));
    }

    @Test
    void should_say_required_when_targets_are_missing() {
        assertEquals(List.of("models[0].targets: required"), problems("models: [ { alias: fast } ]"));
    }

    @Test
    void should_reject_targets_when_list_is_empty() {
        assertEquals(List.of("models[0].targets: must list at least one target"), problems("models: [ { alias: fast, targets: [] } ]"));
    }

    @Test
    void should_say_required_when_target_model_is_missing() {
        assertEquals(List.of("models[0].targets[0].model: required"),
                problems(VALID.replace("{ provider: openai, model: gpt-4o-mini }", "{ provider: openai }")));
    }

    @Test
    void should_name_supported_strategies_when_strategy_is_unsupported() {
        assertEquals(List.of("models[0].strategy: unsupported 'round-robin' (supported: single, fallback, loadbalance, conditional)"),
                problems(VALID.replace("alias: fast,", "alias: fast, strategy: round-robin,")));
    }

    @Test
    void should_name_entry_when_key_allows_an_unknown_alias() {
        assertEquals(List.of("keys[0].models[1]: unknown alias 'fsat'"),
                problems(VALID.replace("key: sk-caravan-dev-0123456789 }", "key: sk-caravan-dev-0123456789, models: [ fast, fsat ] }")));
    }

    @Test
    void should_reject_storage_url_when_database_is_unsupported() {
        assertEquals(List.of("storage.url: must start with 'jdbc:h2:' or 'jdbc:postgresql:', got 'jdbc:mysql:...'"),
                problems("storage: { url: 'jdbc:mysql://root:pw@db/caravan' }"));
    }

    @Test
    void should_reject_boolean_when_value_is_not_true_or_false() {
        assertEquals(List.of("routes.reload: must be true or false, got 'sometimes'"), problems("routes: { reload: sometimes }"));
    }

    @Test
    void should_reject_string_field_when_yaml_reads_a_number() {
        assertEquals(List.of("models[0].targets[0].model: must be a string, got a number (quote it)"),
                problems(VALID.replace("model: gpt-4o-mini", "model: 4.10")));
    }

    @Test
    void should_reject_section_when_it_is_not_a_mapping() {
        assertEquals(List.of("server: must be a mapping, got a list"), problems("server: [ 8080 ]"));
    }

    @Test
    void should_reject_list_item_when_it_is_not_a_mapping() {
        assertEquals(List.of("providers[0]: must be a mapping, got a string"), problems("providers: [ openai ]"));
    }

    @Test
    void should_reject_batch_size_when_larger_than_queue_capacity() {
        assertEquals(List.of("receipts.batch_size: must not exceed receipts.queue_capacity (10), got '500'"),
                problems("receipts: { queue_capacity: 10 }"));
    }

    @Test
    void should_reject_tenant_when_it_has_a_slash() {
        assertEquals(List.of("keys[0].tenant: must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got 'a/b'"),
                problems("keys: [ { name: k, key: aaaaaaaaaaaaaaaa, tenant: a/b } ]"));
    }

    @Test
    void should_reject_header_when_name_is_not_a_token() {
        assertEquals(List.of("providers[0].headers: 'bad header' is not a valid HTTP header name"),
                problems("providers: [ { id: o, plugin: p, base_url: 'http://a', headers: { 'bad header': x } } ]"));
    }

    @Test
    void should_report_every_problem_when_file_has_several() {
        List<String> problems = problems("""
                server: { port: abc, hots: x }
                providers: [ { id: openai, plugin: openai } ]
                models: [ { alias: fast, targets: [ { provider: opneai, model: m } ] } ]
                keys: [ { name: dev, key: short } ]
                """);

        assertEquals(List.of(
                "server.hots: unknown key (did you mean 'host'?)",
                "server.port: must be an integer between 1 and 65535, got 'abc'",
                "providers[0].base_url: required",
                "models[0].targets[0].provider: unknown provider 'opneai'",
                "keys[0].key: must be at least 16 characters"), problems);
    }
}
