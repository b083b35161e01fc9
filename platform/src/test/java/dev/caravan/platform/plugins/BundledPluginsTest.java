package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.testkit.PluginJarBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The plugins Maven copies into the distribution's {@code plugins/} folder load as in production. */
class BundledPluginsTest {

    private static ProviderSettings settings(String plugin) {
        return new ProviderSettings(plugin, plugin, URI.create("http://127.0.0.1:9/v1"), Secret.empty(), Duration.ofSeconds(30),
                Map.of(), null);
    }

    @Test
    void should_load_openai_adapter_from_plugin_jar_when_distribution_plugins_folder_is_used() {
        String dir = System.getProperty("caravan.test.plugins", "target/caravan/plugins");
        assertTrue(Files.isDirectory(Path.of(dir)), "no plugins folder at " + dir + ": run through Maven (mvn -B verify)");

        try (PluginHost host = PluginHost.start(Path.of(dir))) {
            assertEquals(List.of(), host.problems());
            ProviderFactory openai = host.providers().get("openai");
            assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.RESPONSES, ApiFamily.EMBEDDINGS, ApiFamily.IMAGES),
                    openai.configure(settings("openai")).capabilities().families());
            // loaded by the plugin's class loader from the jar, not from the test classpath
            assertNotSame(getClass().getClassLoader(), openai.getClass().getClassLoader());
            assertTrue(host.ready());
        }
    }

    @Test
    void should_load_gemini_adapter_from_plugin_jar_when_distribution_plugins_folder_is_used() {
        String dir = System.getProperty("caravan.test.plugins", "target/caravan/plugins");

        try (PluginHost host = PluginHost.start(Path.of(dir))) {
            assertEquals(List.of(), host.problems());
            ProviderFactory gemini = host.providers().get("gemini");
            assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS), gemini.configure(settings("gemini")).capabilities().families());
            assertNotSame(getClass().getClassLoader(), gemini.getClass().getClassLoader());
        }
    }

    @Test
    void should_declare_one_plugin_requires_in_every_bundled_plugin_when_built_on_plugin_parent() throws Exception {
        Path dir = Path.of(System.getProperty("caravan.test.plugins", "target/caravan/plugins"));
        List<Path> jars;
        try (var files = Files.list(dir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertTrue(jars.size() >= 6, "bundled plugin jars in " + dir + ": " + jars);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertEquals(PluginJarBuilder.currentMinor(), file.getManifest().getMainAttributes().getValue("Plugin-Requires"),
                        jar.getFileName().toString());
            }
        }
    }
}
