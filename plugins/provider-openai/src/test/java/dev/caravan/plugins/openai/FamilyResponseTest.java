package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import org.junit.jupiter.api.Test;

/** Complete answers and errors of the Responses API, embeddings and images. */
class FamilyResponseTest {

    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private static ProviderCall call(ApiFamily family, String options) {
        return Calls.call(family, Fixtures.json("responses-request.json"), "upstream-model", false,
                Calls.provider("p", "https://api.openai.com/v1", options));
    }

    private ProviderResponse translate(ApiFamily family, String fixture) {
        return adapter.translateResponse(call(family, null), Fixtures.bytes(fixture));
    }

    @Test
    void should_read_input_output_cached_and_reasoning_tokens_when_response_reports_usage() {
        assertEquals(new Usage(1523, 312, 1024, 0, 256, true), translate(ApiFamily.RESPONSES, "responses-response.json").usage());
    }

    @Test
    void should_return_response_bytes_unchanged_when_translating_a_response() {
        byte[] upstream = Fixtures.bytes("responses-response.json");

        assertSame(upstream, adapter.translateResponse(call(ApiFamily.RESPONSES, null), upstream).body());
    }

    @Test
    void should_count_prompt_tokens_only_when_embeddings_report_usage() {
        assertEquals(new Usage(17, 0, 0, 0, 0, true), translate(ApiFamily.EMBEDDINGS, "embeddings-response.json").usage());
    }

    @Test
    void should_read_input_and_output_tokens_when_gpt_image_reports_usage() {
        assertEquals(new Usage(18, 272, 0, 0, 0, true), translate(ApiFamily.IMAGES, "images-response-gpt-image.json").usage());
    }

    @Test
    void should_report_no_usage_when_image_model_reports_none() {
        assertEquals(Usage.NONE, translate(ApiFamily.IMAGES, "images-response-dalle.json").usage());
    }

    @Test
    void should_pass_openai_error_through_when_responses_call_fails() {
        byte[] body = Fixtures.bytes("error-429-rate-limit.json");

        ProviderError error = adapter.translateError(call(ApiFamily.RESPONSES, null), 429, body);

        assertEquals(429, error.status());
        assertArrayEquals(body, error.passThroughBody());
    }

    @Test
    void should_pass_azure_error_through_with_type_from_status_when_azure_rejects_the_key() {
        byte[] body = Fixtures.bytes("error-401-azure.json");

        ProviderError error = adapter.translateError(call(ApiFamily.EMBEDDINGS, "{\"variant\":\"azure\",\"api_version\":\"2024-10-21\"}"), 401, body);

        assertEquals("authentication_error", error.type());
        assertEquals("401", error.code());
        assertArrayEquals(body, error.passThroughBody());
    }
}
