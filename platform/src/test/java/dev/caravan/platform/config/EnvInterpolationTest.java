package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {

    private static String user(String yamlValue, Map<String, String> env) {
        return parse("storage:\n  user: " + yamlValue + "\n", env).storage().user();
    }

    @Test
    void should_substitute_variable_when_it_is_set() {
        assertEquals("caravan", user("${DB_USER}", Map.of("DB_USER", "caravan")));
    }

    @Test
    void should_use_default_when_variable_is_unset() {
        assertEquals("fallback", user("${DB_USER:-fallback}", Map.of()));
    }

    @Test
    void should_use_default_when_variable_is_empty() {
        assertEquals("fallback", user("${DB_USER:-fallback}", Map.of("DB_USER", "")));
    }

    @Test
    void should_substitute_each_placeholder_when_value_has_several() {
        assertEquals("a-b-c", user("'${A}-${B:-b}-${C}'", Map.of("A", "a", "C", "c")));
    }

    @Test
    void should_keep_literal_when_placeholder_is_escaped() {
        assertEquals("${A} and x", user("'$${A} and ${A}'", Map.of("A", "x")));
    }

    @Test
    void should_name_path_and_variable_when_variable_is_missing() {
        assertEquals(List.of("admin.token: environment variable CARAVAN_ADMIN_TOKEN is not set"),
                problems("admin: { token: '${CARAVAN_ADMIN_TOKEN}' }"));
    }

    @Test
    void should_report_each_missing_variable_when_value_has_several() {
        assertEquals(List.of("storage.user: environment variable A is not set", "storage.user: environment variable B is not set"),
                problems("storage: { user: '${A}${B}' }"));
    }

    @Test
    void should_fall_back_to_key_default_when_value_is_empty_after_interpolation() {
        assertEquals(8080, parse("server: { port: '${PORT:-}' }").server().port());
    }

    @Test
    void should_parse_number_when_it_comes_from_a_variable() {
        assertEquals(9090, parse("server: { port: '${PORT:-8080}' }", Map.of("PORT", "9090")).server().port());
    }

    @Test
    void should_keep_value_a_plain_string_when_it_looks_like_yaml() {
        assertEquals("a: [1]\nb: {c: d}", user("${V}", Map.of("V", "a: [1]\nb: {c: d}")));
    }

    @Test
    void should_interpolate_strings_when_they_are_inside_provider_options() {
        CaravanConfig c = parse("providers: [ { id: o, plugin: p, base_url: 'http://a', options: { region: { name: '${REGION}' } } } ]",
                Map.of("REGION", "eu"));

        assertEquals("eu", c.providers().get(0).options().at("/region/name").asText());
    }

    @Test
    void should_name_option_path_when_option_variable_is_missing() {
        assertEquals(List.of("providers[0].options.region[0]: environment variable REGION is not set"),
                problems("providers: [ { id: o, plugin: p, base_url: 'http://a', options: { region: [ '${REGION}' ] } } ]"));
    }

    @Test
    void should_report_position_when_placeholder_is_unterminated() {
        assertEquals(List.of("storage.user: unterminated '${' at character 3 (missing '}'; write '$${' for a literal '${')"),
                problems("storage: { user: 'ab${USER' }"));
    }

    @Test
    void should_report_invalid_placeholder_when_variable_name_is_malformed() {
        assertEquals(List.of("storage.user: invalid placeholder at character 1: expected ${NAME} or ${NAME:-default} with NAME matching [A-Za-z_][A-Za-z0-9_]*"),
                problems("storage: { user: '${1X}' }"));
    }
}
