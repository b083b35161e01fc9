package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Responses, embeddings and images: the path per family, the body passed through with only the model replaced. */
class FamilyRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private UpstreamRequest prepare(ApiFamily family, String fixture, boolean stream, String options) {
        ProviderCall call = Calls.call(family, Fixtures.json(fixture), "upstream-model", stream,
                Calls.provider("p", "https://api.openai.com/v1", options));
        return adapter.prepare(call);
    }

    private static JsonNode sentBody(UpstreamRequest request) throws IOException {
        return MAPPER.readTree(request.body());
    }

    private static ObjectNode withModel(String fixture, String model) {
        ObjectNode expected = Fixtures.json(fixture);
        expected.put("model", model);
        return expected;
    }

    @Test
    void should_post_to_responses_with_only_model_replaced_when_family_is_responses() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.RESPONSES, "responses-request.json", false, null);

        assertEquals(URI.create("https://api.openai.com/v1/responses"), request.uri());
        assertEquals(withModel("responses-request.json", "upstream-model"), sentBody(request));
    }

    @Test
    void should_not_add_stream_options_when_responses_request_is_streamed() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.RESPONSES, "responses-request.json", true, null);

        assertFalse(sentBody(request).has("stream_options"));
        assertEquals("text/event-stream", request.headers().get("accept"));
    }

    @Test
    void should_post_to_embeddings_with_only_model_replaced_when_family_is_embeddings() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.EMBEDDINGS, "embeddings-request.json", false, null);

        assertEquals(URI.create("https://api.openai.com/v1/embeddings"), request.uri());
        assertEquals(withModel("embeddings-request.json", "upstream-model"), sentBody(request));
    }

    @Test
    void should_post_to_images_generations_with_only_model_replaced_when_family_is_images() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.IMAGES, "images-request.json", false, null);

        assertEquals(URI.create("https://api.openai.com/v1/images/generations"), request.uri());
        assertEquals(withModel("images-request.json", "upstream-model"), sentBody(request));
        assertEquals("Bearer " + Calls.KEY, request.headers().get("authorization"));
    }

    @Test
    void should_refuse_naming_stream_when_embeddings_are_streamed() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> prepare(ApiFamily.EMBEDDINGS, "embeddings-request.json", true, null));

        assertEquals("stream", e.param());
    }

    @Test
    void should_refuse_naming_model_when_preset_does_not_serve_the_family() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> prepare(ApiFamily.EMBEDDINGS, "embeddings-request.json", false, "{\"preset\":\"groq\"}"));

        assertEquals("model", e.param());
        assertEquals("provider 'p' (preset groq) does not serve embeddings", e.getMessage());
    }

    @Test
    void should_refuse_anthropic_messages_when_called_natively() {
        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class,
                () -> prepare(ApiFamily.MESSAGES, "chat-request.json", false, null));

        assertEquals("model", e.param());
    }
}
