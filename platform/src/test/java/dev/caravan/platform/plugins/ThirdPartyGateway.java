package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A gateway whose plugins folder holds the bundled plugins and one third-party provider plugin, in
 * front of the mock upstream: the provider {@code id} (with the plugin's {@code plugin} id, a key and
 * optional options) serves alias {@code id} with model {@code gpt-4o-mini}; alias {@code fast} stays on
 * the mock provider.
 */
final class ThirdPartyGateway implements AutoCloseable {

    final MockUpstream mock;
    final TestGateway gateway;

    private ThirdPartyGateway(MockUpstream mock, TestGateway gateway) {
        this.mock = mock;
        this.gateway = gateway;
    }

    /** {@code tmp/plugins} with the bundled plugin jars in it, for the test to add its plugin to. */
    static Path pluginsFolder(Path tmp) {
        try {
            Path plugins = Files.createDirectories(tmp.resolve("plugins"));
            copyJars(TestGateway.pluginsDir(), plugins);
            return plugins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyJars(Path from, Path to) throws IOException {
        assertTrue(Files.isDirectory(from), "no plugin jars at " + from + ": run through Maven (mvn -B verify)");
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, to.resolve(jar.getFileName()));
            }
        }
    }

    /** @param options a YAML flow mapping such as {@code { streaming: false }}, or null */
    static ThirdPartyGateway start(Path tmp, Path plugins, String id, String plugin, String apiKey, String options) {
        MockUpstream mock = MockUpstream.start(MockOptions.defaults());
        TestGateway gateway = TestGateway.startWithPlugins(mock, tmp, plugins,
                "- { id: " + id + ", plugin: " + plugin + ", base_url: \"" + mock.baseUrl() + "\", api_key: \"" + apiKey + "\""
                        + (options == null ? "" : ", options: " + options) + " }",
                """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: %s, targets: [ { provider: %s, model: gpt-4o-mini } ] }
                """.formatted(id, id));
        return new ThirdPartyGateway(mock, gateway);
    }

    @Override
    public void close() {
        gateway.close();
        mock.close();
    }
}
