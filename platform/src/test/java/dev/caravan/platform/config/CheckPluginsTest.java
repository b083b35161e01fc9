package dev.caravan.platform.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckPluginsTest {

    private final CaravanConfig config = ConfigFixtures.parse("""
            providers:
              - { id: a, plugin: openai, base_url: 'http://a' }
              - { id: b, plugin: foo, base_url: 'http://b' }
            """);

    @Test
    void should_name_loaded_plugins_when_a_provider_plugin_is_not_loaded() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.checkPlugins(config, Set.of("openai")));

        assertEquals(List.of("providers[1].plugin: no provider plugin 'foo' is loaded (loaded: openai)"), e.problems());
    }

    @Test
    void should_say_none_when_no_plugin_is_loaded() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.checkPlugins(config, Set.of()));

        assertEquals("providers[0].plugin: no provider plugin 'openai' is loaded (loaded: none)", e.problems().get(0));
    }

    @Test
    void should_pass_when_every_provider_plugin_is_loaded() {
        assertDoesNotThrow(() -> ConfigLoader.checkPlugins(config, Set.of("openai", "foo", "anthropic")));
    }
}
