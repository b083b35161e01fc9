package dev.caravan.plugins.openai;

import static dev.caravan.api.ApiFamily.CHAT_COMPLETIONS;
import static dev.caravan.api.ApiFamily.EMBEDDINGS;
import static dev.caravan.api.ApiFamily.IMAGES;
import static dev.caravan.api.ApiFamily.RESPONSES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.testkit.ProviderHarness;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each preset tells the platform it can serve, before any request is planned. */
class PresetCapabilitiesTest {

    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private ProviderCapabilities of(String options) {
        return adapter.capabilities(Calls.provider("p", "http://upstream.test/v1", options));
    }

    @Test
    void should_offer_every_family_with_tools_and_vision_when_no_preset_is_set() {
        assertEquals(new ProviderCapabilities(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS, IMAGES), true, true, true), of(null));
    }

    @Test
    void should_offer_every_family_when_variant_is_azure() {
        assertEquals(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS, IMAGES),
                of("{\"variant\":\"azure\",\"api_version\":\"2024-10-21\"}").families());
    }

    @Test
    void should_offer_chat_and_responses_only_when_preset_is_groq() {
        assertEquals(new ProviderCapabilities(Set.of(CHAT_COMPLETIONS, RESPONSES), true, true, true), of("{\"preset\":\"groq\"}"));
    }

    @Test
    void should_offer_no_image_inputs_when_preset_is_deepseek() {
        assertEquals(new ProviderCapabilities(Set.of(CHAT_COMPLETIONS, RESPONSES), true, true, false), of("{\"preset\":\"deepseek\"}"));
    }

    @Test
    void should_offer_chat_and_embeddings_when_preset_is_mistral() {
        assertEquals(Set.of(CHAT_COMPLETIONS, EMBEDDINGS), of("{\"preset\":\"mistral\"}").families());
    }

    @Test
    void should_offer_images_but_not_responses_when_preset_is_together() {
        assertEquals(Set.of(CHAT_COMPLETIONS, EMBEDDINGS, IMAGES), of("{\"preset\":\"together\"}").families());
    }

    @Test
    void should_offer_no_images_when_preset_is_a_self_hosted_server() {
        assertEquals(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS), of("{\"preset\":\"ollama\"}").families());
        assertEquals(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS), of("{\"preset\":\"vllm\"}").families());
    }
}
