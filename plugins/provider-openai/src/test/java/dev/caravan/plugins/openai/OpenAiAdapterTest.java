package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAiAdapterTest {

    @Test
    void should_speak_chat_responses_embeddings_and_images_as_openai_when_asked_for_identity() {
        ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

        assertEquals("openai", adapter.id());
        assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.RESPONSES, ApiFamily.EMBEDDINGS, ApiFamily.IMAGES),
                adapter.checkOptions(null).capabilities().families());
    }

    @Test
    void should_be_listed_in_pf4j_extension_index_when_compiled() throws IOException {
        // the index of the plugin's own classes (test-classes has an empty one of its own)
        URL classes = OpenAiAdapter.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, null);
                InputStream index = plugin.getResourceAsStream("META-INF/extensions.idx")) {
            assertNotNull(index, "the PF4J annotation processor did not run");
            String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(OpenAiAdapter.class.getName()::equals), text);
        }
    }
}
