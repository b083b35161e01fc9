package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorTranslationTest {

    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());
    private final ProviderCall call = Calls.call(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}]}"), false);

    @Test
    void should_keep_status_and_message_with_invalid_request_type_when_gemini_rejects_an_argument() {
        ProviderError error = translate(400, "error-400-invalid-argument.json");

        assertEquals(new ProviderError(400, "invalid_request_error", "invalid_argument", null,
                "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.\n", null).toString(), error.toString());
    }

    @Test
    void should_report_invalid_api_key_when_google_says_the_key_is_not_valid() {
        ProviderError error = translate(400, "error-400-api-key-invalid.json");

        assertEquals(400, error.status());
        assertEquals("invalid_api_key", error.code());
        assertEquals("API key not valid. Please pass a valid API key.", error.message());
    }

    @Test
    void should_mask_the_key_when_google_quotes_it_in_a_permission_error() {
        ProviderError error = translate(403, "error-403-consumer-suspended.json");

        assertEquals("permission_error", error.type());
        assertEquals("permission_denied", error.code());
        assertFalse(error.message().contains(Calls.KEY), error.message());
        assertTrue(error.message().contains("api_key:***"), error.message());
    }

    @Test
    void should_mask_a_google_key_when_it_is_not_the_configured_one() {
        byte[] body = ("{\"error\":{\"code\":403,\"message\":\"Consumer 'api_key:AIzaSyOTHER-0123456789abcdefghijklmnopq' "
                + "has been suspended.\",\"status\":\"PERMISSION_DENIED\"}}").getBytes(StandardCharsets.UTF_8);

        ProviderError error = adapter.translateError(call, 403, body);

        assertFalse(error.message().contains("SyOTHER"), error.message());
    }

    @Test
    void should_map_not_found_when_the_model_does_not_exist() {
        ProviderError error = translate(404, "error-404-model-not-found.json");

        assertEquals("not_found_error", error.type());
        assertEquals("not_found", error.code());
    }

    @Test
    void should_map_rate_limit_when_the_quota_is_exhausted() {
        ProviderError error = translate(429, "error-429-resource-exhausted.json");

        assertEquals(429, error.status());
        assertEquals("rate_limit_error", error.type());
        assertEquals("resource_exhausted", error.code());
    }

    @Test
    void should_map_api_error_when_gemini_fails_internally() {
        assertEquals("api_error", translate(500, "error-500-internal.json").type());
        assertEquals("unavailable", translate(503, "error-503-unavailable.json").code());
    }

    @Test
    void should_quote_a_short_plain_snippet_when_the_body_is_not_json() {
        ProviderError error = translate(502, "error-502-html.html");

        assertEquals("api_error", error.type());
        assertNull(error.code());
        assertTrue(error.message().startsWith("upstream returned 502: Error 502 (Server Error)!!1 502. That’s an error."), error.message());
        assertFalse(error.message().contains("<"), error.message());
    }

    @Test
    void should_say_only_the_status_when_the_body_is_empty() {
        assertEquals("upstream returned 504", adapter.translateError(call, 504, new byte[0]).message());
    }

    @Test
    void should_never_pass_the_google_body_through_when_translating() {
        assertNull(translate(429, "error-429-resource-exhausted.json").passThroughBody());
    }

    private ProviderError translate(int status, String fixture) {
        return adapter.translateError(call, status, Fixtures.bytes(fixture));
    }
}
