package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.server.Gateway;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundled plugin rejects a provider's options at start-up; the gateway refuses to start and names the config path. */
class ProviderOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void should_refuse_to_start_naming_the_option_a_plugin_rejects() {
        CaravanConfig config = ConfigLoader.fromYaml("""
                server: { host: 127.0.0.1, port: %d }
                storage: { url: "jdbc:h2:file:%s/db/caravan" }
                plugins: { dir: "%s" }
                routes: { dir: "%s" }
                providers:
                  - { id: g, plugin: gemini, base_url: "http://127.0.0.1:1/v1beta", api_key: "k", options: { colour: red } }
                models:
                  - { alias: a, targets: [ { provider: g, model: gemini-2.0-flash } ] }
                keys:
                  - { name: dev, key: "%s", tenant: acme }
                """.formatted(TestGateway.freePort(), tmp, TestGateway.pluginsDir(), TestGateway.routesDir(), TestGateway.KEY),
                Map.of(), tmp);

        ConfigException e = assertThrows(ConfigException.class, () -> Gateway.start(config).close());

        assertEquals(List.of("providers[0].options.colour: unknown option (there are none)"), e.problems());
    }
}
