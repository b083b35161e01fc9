package dev.caravan.plugins.openai;

import dev.caravan.api.provider.SafeText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorTranslatorTest {

    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());
    private final ProviderCall call = Calls.call(Fixtures.json("chat-request.json"), false);

    @Test
    void should_pass_openai_error_body_through_with_same_status_when_upstream_sends_one() {
        byte[] body = Fixtures.bytes("error-400-context-length.json");

        ProviderError error = adapter.translateError(call, 400, body);

        assertEquals(400, error.status());
        assertSame(body, error.passThroughBody());
        assertEquals("invalid_request_error", error.type());
        assertEquals("context_length_exceeded", error.code());
        assertTrue(error.message().startsWith("This model's maximum context length is 128000 tokens."));
    }

    @Test
    void should_keep_upstream_type_and_code_when_rate_limited() {
        byte[] body = Fixtures.bytes("error-429-rate-limit.json");

        ProviderError error = adapter.translateError(call, 429, body);

        assertEquals(429, error.status());
        assertSame(body, error.passThroughBody());
        assertEquals("requests", error.type());
        assertEquals("rate_limit_exceeded", error.code());
    }

    @Test
    void should_rebuild_error_without_key_fragment_when_upstream_quotes_the_key() {
        ProviderError error = adapter.translateError(call, 401, Fixtures.bytes("error-401-invalid-key.json"));

        assertEquals(401, error.status());
        assertNull(error.passThroughBody());
        assertEquals("invalid_request_error", error.type());
        assertEquals("invalid_api_key", error.code());
        assertEquals("Incorrect API key provided: sk-***. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", error.message());
    }

    @Test
    void should_mask_configured_key_when_upstream_echoes_it() {
        byte[] body = ("{\"error\":{\"message\":\"key " + Calls.KEY + " is revoked\",\"type\":\"invalid_request_error\"}}")
                .getBytes(StandardCharsets.UTF_8);

        ProviderError error = adapter.translateError(call, 401, body);

        assertNull(error.passThroughBody());
        assertFalse(error.message().contains(Calls.KEY));
    }

    @Test
    void should_build_api_error_from_status_and_page_text_when_upstream_sends_html() {
        ProviderError error = adapter.translateError(call, 502, Fixtures.bytes("error-502-html.html"));

        assertEquals(502, error.status());
        assertEquals("api_error", error.type());
        assertNull(error.code());
        assertNull(error.passThroughBody());
        assertEquals("upstream returned 502: 502 Bad Gateway 502 Bad Gateway cloudflare", error.message());
    }

    @Test
    void should_use_compatible_server_error_text_when_error_is_a_string() {
        ProviderError error = adapter.translateError(call, 404, Fixtures.bytes("error-404-ollama.json"));

        assertEquals("not_found_error", error.type());
        assertNull(error.passThroughBody());
        assertEquals("upstream returned 404: model \"llama3.2\" not found, try pulling it first", error.message());
    }

    @Test
    void should_use_top_level_message_when_compatible_server_sends_one() {
        ProviderError error = adapter.translateError(call, 400, Fixtures.bytes("error-400-vllm.json"));

        assertEquals("invalid_request_error", error.type());
        assertEquals("upstream returned 400: This model's maximum context length is 8192 tokens. "
                + "However, you requested 9000 tokens.", error.message());
    }

    @Test
    void should_say_only_the_status_when_body_is_empty() {
        ProviderError error = adapter.translateError(call, 503, new byte[0]);

        assertEquals("upstream returned 503", error.message());
        assertEquals("api_error", error.type());
    }

    @Test
    void should_cap_snippet_and_mask_tokens_when_body_is_long_text() {
        String body = "failure for Bearer abcdefghijklmnopqrstuvwxyz012345 " + "x".repeat(5000);

        ProviderError error = adapter.translateError(call, 500, body.getBytes(StandardCharsets.UTF_8));

        assertTrue(error.message().startsWith("upstream returned 500: failure for Bearer *** xxx"), error.message());
        assertTrue(error.message().length() <= "upstream returned 500: ".length() + SafeText.MAX_SNIPPET + 3);
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error", "422, invalid_request_error", "401, authentication_error", "403, permission_error",
        "404, not_found_error", "429, rate_limit_error", "500, api_error", "502, api_error", "503, api_error", "529, api_error",
        "409, invalid_request_error"
    })
    void should_map_status_to_openai_error_type_when_body_is_not_an_openai_error(int status, String type) {
        ProviderError error = adapter.translateError(call, status, "oops".getBytes(StandardCharsets.UTF_8));

        assertEquals(status, error.status());
        assertEquals(type, error.type());
        assertEquals("upstream returned " + status + ": oops", error.message());
    }
}
