package dev.caravan.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCapabilities;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetFitTest {

    private static final RequestNeeds PLAIN = new RequestNeeds(false, false, false);
    private static final ProviderCapabilities CHAT = ProviderCapabilities.full(Set.of(ApiFamily.CHAT_COMPLETIONS));

    @Test
    void should_serve_natively_when_the_adapter_speaks_the_family() {
        ProviderCapabilities anthropic = ProviderCapabilities.full(Set.of(ApiFamily.CHAT_COMPLETIONS, ApiFamily.MESSAGES));

        assertEquals(TargetFit.Mode.NATIVE, TargetFit.of(ApiFamily.MESSAGES, PLAIN, anthropic).mode());
    }

    @Test
    void should_serve_messages_and_responses_via_chat_on_a_chat_adapter() {
        assertEquals(TargetFit.Mode.VIA_CHAT, TargetFit.of(ApiFamily.MESSAGES, PLAIN, CHAT).mode());
        assertEquals(TargetFit.Mode.VIA_CHAT, TargetFit.of(ApiFamily.RESPONSES, PLAIN, CHAT).mode());
    }

    @Test
    void should_not_serve_embeddings_on_a_chat_adapter() {
        TargetFit fit = TargetFit.of(ApiFamily.EMBEDDINGS, PLAIN, CHAT);

        assertEquals(TargetFit.Mode.UNSUPPORTED, fit.mode());
        assertEquals("model 'm' (provider p) does not support embeddings", fit.message("m", "p"));
        assertEquals("model", fit.param());
    }

    @Test
    void should_refuse_a_stream_tools_or_images_the_target_cannot_serve() {
        ProviderCapabilities bare = new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS), false, false, false);

        assertEquals("stream", TargetFit.of(ApiFamily.CHAT_COMPLETIONS, new RequestNeeds(true, false, false), bare).param());
        assertEquals("tools", TargetFit.of(ApiFamily.MESSAGES, new RequestNeeds(false, true, false), bare).unsupported());
        assertEquals("image inputs", TargetFit.of(ApiFamily.RESPONSES, new RequestNeeds(false, false, true), bare).unsupported());
        assertEquals("input", TargetFit.of(ApiFamily.RESPONSES, new RequestNeeds(false, false, true), bare).param());
    }

    @Test
    void should_find_image_inputs_in_each_family() {
        assertEquals(true, RequestNeeds.of(ApiFamily.MESSAGES, FamilyJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_result\",\"content\":[{\"type\":\"image\",\"source\":{}}]}]}]}"), false).images());
        assertEquals(true, RequestNeeds.of(ApiFamily.CHAT_COMPLETIONS, FamilyJson.parseObject("{\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}"), false).images());
        assertEquals(true, RequestNeeds.of(ApiFamily.RESPONSES, FamilyJson.parseObject("{\"input\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_image\",\"image_url\":\"x\"}]}]}"), false).images());
        assertEquals(false, RequestNeeds.of(ApiFamily.RESPONSES, FamilyJson.parseObject("{\"input\":\"hi\"}"), false).images());
    }
}
