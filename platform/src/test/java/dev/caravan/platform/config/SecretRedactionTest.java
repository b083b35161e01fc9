package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret values must never reach a message, whatever is wrong around them. */
class SecretRedactionTest {

    private static final String SECRET = "s3cr3t-VALUE-xyz";

    private static void assertHidden(List<String> problems) {
        assertFalse(problems.isEmpty());
        problems.forEach(p -> assertFalse(p.contains(SECRET) || p.contains("s3cr3t"), p));
    }

    @Test
    void should_hide_key_when_it_is_too_short() {
        assertHidden(problems("keys: [ { name: k, key: s3cr3t } ]"));
    }

    @Test
    void should_hide_key_when_two_keys_share_it() {
        assertHidden(problems("keys: [ { name: a, key: " + SECRET + " }, { name: b, key: " + SECRET + " } ]"));
    }

    @Test
    void should_hide_key_when_it_contains_a_space() {
        assertHidden(problems("keys: [ { name: a, key: 's3cr3t VALUE-xyz-long' } ]"));
    }

    @Test
    void should_hide_admin_token_when_it_is_too_short() {
        List<String> problems = problems("admin: { token: s3cr3t }");

        assertHidden(problems);
        assertEquals(List.of("admin.token: must be at least 16 characters (value hidden)"), problems);
    }

    @Test
    void should_hide_api_key_when_it_has_the_wrong_type() {
        assertHidden(problems("providers: [ { id: o, plugin: p, base_url: 'http://a', api_key: [ " + SECRET + " ] } ]"));
    }

    @Test
    void should_hide_password_when_storage_url_carries_one() {
        assertHidden(problems("storage: { url: 'jdbc:mysql://root:" + SECRET + "@db/x', password: " + SECRET + " }"));
    }

    @Test
    void should_hide_credentials_when_base_url_carries_them() {
        assertHidden(problems("providers: [ { id: o, plugin: p, base_url: 'https://u:" + SECRET + "@api.x.io/v1' } ]"));
        assertHidden(problems("providers: [ { id: o, plugin: p, base_url: 'ftp://api.x.io/v1?key=" + SECRET + "' } ]"));
    }

    @Test
    void should_hide_value_when_secret_from_env_has_a_broken_placeholder() {
        assertHidden(problems("storage: { password: '" + SECRET + "${' }", Map.of()));
    }

    @Test
    void should_hide_line_when_yaml_syntax_error_is_on_a_secret() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml("admin:\n  token: \"" + SECRET + "\n", Map.of(), ConfigFixtures.HOME));

        assertHidden(e.problems());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void should_hide_secret_when_config_record_is_printed() {
        CaravanConfig c = ConfigFixtures.parse("admin: { token: " + SECRET + " }");

        assertFalse(c.toString().contains(SECRET));
    }
}
