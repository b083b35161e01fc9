package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plugins Maven copies into the distribution's {@code plugins/} folder load as in production. */
class BundledPluginsTest {

    @Test
    void should_load_openai_adapter_from_plugin_jar_when_distribution_plugins_folder_is_used() {
        String dir = System.getProperty("caravan.test.plugins", "target/caravan/plugins");
        assertTrue(Files.isDirectory(Path.of(dir)), "no plugins folder at " + dir + ": run through Maven (mvn -B verify)");

        try (PluginHost host = PluginHost.start(Path.of(dir))) {
            assertEquals(List.of(), host.problems());
            ProviderAdapter openai = host.providerAdapters().get("openai");
            assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.RESPONSES, ApiFamily.EMBEDDINGS, ApiFamily.IMAGES),
                    openai.families());
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
            ProviderAdapter gemini = host.providerAdapters().get("gemini");
            assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS), gemini.families());
            assertNotSame(getClass().getClassLoader(), gemini.getClass().getClassLoader());
        }
    }
}
