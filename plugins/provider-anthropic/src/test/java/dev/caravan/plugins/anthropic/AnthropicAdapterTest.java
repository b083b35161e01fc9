package dev.caravan.plugins.anthropic;

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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicAdapterTest {

    private final ProviderHarness adapter = new ProviderHarness(new AnthropicAdapter());

    @Test
    void should_serve_chat_completions_and_messages_as_anthropic_when_asked_for_identity() {
        assertEquals("anthropic", adapter.id());
        assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.MESSAGES), adapter.checkOptions(null).capabilities().families());
    }

    @Test
    void should_offer_streaming_tools_and_vision_for_both_families_when_asked_for_capabilities() {
        assertEquals(new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.MESSAGES), true, true, true),
                adapter.capabilities(Calls.provider()));
    }

    @Test
    void should_be_listed_in_pf4j_extension_index_when_compiled() throws IOException {
        // the index of the plugin's own classes (test-classes has an empty one of its own)
        URL classes = AnthropicAdapter.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, null);
                InputStream index = plugin.getResourceAsStream("META-INF/extensions.idx")) {
            assertNotNull(index, "the PF4J annotation processor did not run");
            String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(AnthropicAdapter.class.getName()::equals), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "{\"version\":\"2023-06-01\"}", "{\"beta\":\"prompt-caching-2024-07-31\"}",
        "{\"beta\":[\"interleaved-thinking-2025-05-14\",\"context-1m-2025-08-07\"]}", "{\"default_max_tokens\":8192}"})
    void should_accept_options_when_they_are_valid(String options) {
        assertDoesNotThrow(() -> adapter.checkOptions(Fixtures.tree(options)));
    }

    @Test
    void should_accept_missing_options_when_operator_wrote_none() {
        assertDoesNotThrow(() -> adapter.checkOptions(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version|{\"version\":\"latest\"}",
        "version|{\"version\":20230601}",
        "beta|{\"beta\":\"two betas\"}",
        "beta|{\"beta\":[]}",
        "beta[0]|{\"beta\":{\"name\":\"x\"}}",
        "default_max_tokens|{\"default_max_tokens\":0}",
        "default_max_tokens|{\"default_max_tokens\":\"4096\"}",
        "default_max_tokens|{\"default_max_tokens\":1.5}",
        "max_tokens|{\"max_tokens\":100}",
        "|[1]"
    })
    void should_reject_options_with_a_message_starting_with_the_option_name_when_invalid(String caseText) {
        String[] parts = caseText.split("\\|", 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.checkOptions(Fixtures.tree(parts[1])));

        assertTrue(parts[0].isEmpty() ? e.getMessage().equals("expected an object") : e.getMessage().startsWith(parts[0] + ": "),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "max_tokens: unknown option (known: beta, default_max_tokens, version)|{\"max_tokens\":100}",
        "default_max_tokens: expected a whole number|{\"default_max_tokens\":\"4096\"}",
        "default_max_tokens: must be a whole number of at least 1, got 0|{\"default_max_tokens\":0}"
    })
    void should_give_the_documented_message_when_an_option_is_rejected(String caseText) {
        String[] parts = caseText.split("\\|", 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.checkOptions(Fixtures.tree(parts[1])));

        assertEquals(parts[0], e.getMessage());
    }
}
