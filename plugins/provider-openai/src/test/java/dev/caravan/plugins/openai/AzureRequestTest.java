package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Azure OpenAI: deployment URLs with api-version, the key in {@code api-key}, Responses on the v1 API. */
class AzureRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BASE = "https://contoso-eastus.openai.azure.com/";
    private static final String AZURE = "{\"variant\":\"azure\",\"api_version\":\"2024-10-21\"}";
    private static final String AZURE_WITH_DEPLOYMENT =
            "{\"variant\":\"azure\",\"api_version\":\"2024-10-21\",\"deployment\":\"gpt-4o-prod\"}";
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private UpstreamRequest prepare(ApiFamily family, String fixture, boolean stream, String options) {
        return adapter.prepare(Calls.call(family, Fixtures.json(fixture), "gpt-4o-mini", stream, Calls.provider("azure", BASE, options)));
    }

    @Test
    void should_post_chat_to_the_target_models_deployment_when_no_deployment_is_set() {
        assertEquals(URI.create("https://contoso-eastus.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"),
                prepare(ApiFamily.CHAT_COMPLETIONS, "chat-request.json", false, AZURE).uri());
    }

    @Test
    void should_post_to_the_configured_deployment_when_deployment_is_set() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.EMBEDDINGS, "embeddings-request.json", false, AZURE_WITH_DEPLOYMENT);

        assertEquals(URI.create("https://contoso-eastus.openai.azure.com/openai/deployments/gpt-4o-prod/embeddings?api-version=2024-10-21"),
                request.uri());
        assertEquals("gpt-4o-prod", MAPPER.readTree(request.body()).path("model").asText());
    }

    @Test
    void should_post_images_to_the_deployments_images_generations_when_family_is_images() {
        assertEquals(URI.create("https://contoso-eastus.openai.azure.com/openai/deployments/gpt-4o-mini/images/generations?api-version=2024-10-21"),
                prepare(ApiFamily.IMAGES, "images-request.json", false, AZURE).uri());
    }

    @Test
    void should_send_key_as_api_key_header_and_no_bearer_when_variant_is_azure() {
        UpstreamRequest request = prepare(ApiFamily.CHAT_COMPLETIONS, "chat-request.json", false, AZURE);

        assertEquals(Calls.KEY, request.headers().get("api-key"));
        assertFalse(request.headers().containsKey("authorization"));
    }

    @Test
    void should_post_responses_to_the_v1_api_with_deployment_as_model_when_family_is_responses() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.RESPONSES, "responses-request.json", true, AZURE_WITH_DEPLOYMENT);

        assertEquals(URI.create("https://contoso-eastus.openai.azure.com/openai/v1/responses"), request.uri());
        assertEquals("gpt-4o-prod", MAPPER.readTree(request.body()).path("model").asText());
        assertEquals(Calls.KEY, request.headers().get("api-key"));
    }

    @Test
    void should_ask_for_stream_usage_when_azure_chat_is_streamed() throws IOException {
        UpstreamRequest request = prepare(ApiFamily.CHAT_COMPLETIONS, "chat-request.json", true, AZURE);

        assertEquals(true, MAPPER.readTree(request.body()).path("stream_options").path("include_usage").asBoolean());
    }

    @Test
    void should_percent_encode_the_target_model_when_it_is_used_as_deployment() {
        UpstreamRequest request = adapter.prepare(Calls.call(ApiFamily.CHAT_COMPLETIONS, Fixtures.json("chat-request.json"),
                "my model/v2", false, Calls.provider("azure", BASE, AZURE)));

        assertEquals("/openai/deployments/my%20model%2Fv2/chat/completions", request.uri().getRawPath());
    }
}
