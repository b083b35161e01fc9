package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeminiAdapterTest {

    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());

    @Test
    void should_serve_chat_completions_and_embeddings_as_gemini_when_asked_for_identity() {
        assertEquals("gemini", adapter.id());
        assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS), adapter.checkOptions(null).capabilities().families());
    }

    @Test
    void should_offer_streaming_tools_and_vision_when_asked_for_capabilities() {
        ProviderCapabilities capabilities = adapter.capabilities(Calls.provider(Calls.KEY, Map.of()));

        assertEquals(new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.EMBEDDINGS), true, true, true), capabilities);
    }

    @Test
    void should_accept_missing_or_empty_options_when_checking_options() {
        assertDoesNotThrow(() -> adapter.checkOptions(null));
        assertDoesNotThrow(() -> adapter.checkOptions(Fixtures.body("{}")));
    }

    @Test
    void should_name_the_option_when_an_unknown_option_is_configured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adapter.checkOptions(Fixtures.body("{'api_version': 'v1'}")));

        assertTrue(e.getMessage().startsWith("api_version: "), e.getMessage());
    }

    @Test
    void should_be_listed_in_pf4j_extension_index_when_compiled() throws IOException {
        // the index of the plugin's own classes (test-classes has an empty one of its own)
        URL classes = GeminiAdapter.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, null);
                InputStream index = plugin.getResourceAsStream("META-INF/extensions.idx")) {
            assertNotNull(index, "the PF4J annotation processor did not run");
            String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(GeminiAdapter.class.getName()::equals), text);
        }
    }
}
