package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

class ExampleAdapterTest {

    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    @Test
    void should_serve_chat_completions_under_id_example_when_asked_for_identity() {
        assertEquals("example", adapter.id());
        assertEquals(Set.of(ApiFamily.CHAT_COMPLETIONS), adapter.checkOptions(null).capabilities().families());
    }

    @Test
    void should_offer_streaming_without_tools_or_vision_when_options_are_absent() {
        assertEquals(new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS), true, false, false),
                adapter.capabilities(Calls.provider(null)));
    }

    @Test
    void should_offer_no_streaming_when_operator_turns_it_off() {
        assertEquals(false, adapter.capabilities(Calls.provider(Fixtures.body("{\"streaming\":false}"))).streaming());
    }

    @Test
    void should_be_listed_in_pf4j_extension_index_when_compiled() throws IOException {
        URL classes = ExampleAdapter.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, null);
                InputStream index = plugin.getResourceAsStream("META-INF/extensions.idx")) {
            assertNotNull(index, "the PF4J annotation processor did not run");
            String text = new String(index.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(ExampleAdapter.class.getName()::equals), text);
        }
    }
}
