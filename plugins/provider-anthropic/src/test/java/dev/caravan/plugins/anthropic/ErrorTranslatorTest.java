package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.anthropic.models.ErrorResponse;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorTranslatorTest {

    private final ProviderHarness adapter = Calls.adapter();
    private final ProviderCall messagesCall = Calls.messages(Fixtures.json("messages-request-native.json"));
    private final ProviderCall chatCall = Calls.chat(Fixtures.json("chat-request-basic.json"));

    @ParameterizedTest
    @CsvSource({
        "error-400-invalid-request.json, 400, invalid_request_error",
        "error-401-authentication.json, 401, authentication_error",
        "error-413-request-too-large.json, 413, request_too_large",
        "error-429-rate-limit.json, 429, rate_limit_error",
        "error-500-api.json, 500, api_error",
        "error-529-overloaded.json, 529, overloaded_error"
    })
    void should_pass_anthropic_error_body_through_with_its_status_when_client_called_messages(String fixture, int status, String type) {
        byte[] body = Fixtures.bytes(fixture);

        ProviderError error = adapter.translateError(messagesCall, status, body);

        assertEquals(status, error.status());
        assertSame(body, error.passThroughBody());
        assertEquals(type, error.type());
        assertEquals(Fixtures.tree(body).at("/error/message").asText(), error.message());
    }

    @ParameterizedTest
    @CsvSource({
        "error-400-invalid-request.json, 400, 400, invalid_request_error, invalid_request_error",
        "error-401-authentication.json, 401, 401, authentication_error, authentication_error",
        "error-413-request-too-large.json, 413, 413, invalid_request_error, request_too_large",
        "error-429-rate-limit.json, 429, 429, rate_limit_error, rate_limit_error",
        "error-500-api.json, 500, 500, api_error, api_error",
        "error-529-overloaded.json, 529, 503, api_error, overloaded_error"
    })
    void should_build_openai_error_with_anthropic_type_as_code_when_client_called_chat(String fixture, int upstreamStatus,
            int status, String type, String code) {
        byte[] body = Fixtures.bytes(fixture);

        ProviderError error = adapter.translateError(chatCall, upstreamStatus, body);

        assertEquals(status, error.status());
        assertEquals(type, error.type());
        assertEquals(code, error.code());
        assertNull(error.passThroughBody());
        assertEquals(Fixtures.tree(body).at("/error/message").asText(), error.message());
    }

    @Test
    void should_map_billing_error_to_insufficient_quota_when_client_called_chat() {
        byte[] body = "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"Your credit balance is too low.\"}}"
                .getBytes(StandardCharsets.UTF_8);

        ProviderError error = adapter.translateError(chatCall, 402, body);

        assertEquals(402, error.status());
        assertEquals("insufficient_quota", error.type());
        assertEquals("billing_error", error.code());
    }

    @Test
    void should_build_anthropic_error_body_from_status_and_page_text_when_proxy_sends_html_to_messages_client() {
        ProviderError error = adapter.translateError(messagesCall, 502, Fixtures.bytes("error-502-html.html"));

        assertEquals(502, error.status());
        assertEquals("api_error", error.type());
        assertEquals("upstream returned 502: 502 Bad Gateway 502 Bad Gateway nginx", error.message());
        ErrorResponse parsed = Sdks.anthropic(new String(error.passThroughBody(), StandardCharsets.UTF_8), ErrorResponse.class);
        parsed.validate();
        assertEquals(Fixtures.tree("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream returned 502: "
                + "502 Bad Gateway 502 Bad Gateway nginx\"}}"), Fixtures.tree(error.passThroughBody()));
    }

    @Test
    void should_build_openai_error_from_status_and_page_text_when_proxy_sends_html_to_chat_client() {
        ProviderError error = adapter.translateError(chatCall, 502, Fixtures.bytes("error-502-html.html"));

        assertEquals(502, error.status());
        assertEquals("api_error", error.type());
        assertEquals("api_error", error.code());
        assertNull(error.passThroughBody());
        assertEquals("upstream returned 502: 502 Bad Gateway 502 Bad Gateway nginx", error.message());
    }

    @Test
    void should_say_only_the_status_when_body_is_empty() {
        ProviderError error = adapter.translateError(chatCall, 529, new byte[0]);

        assertEquals(503, error.status());
        assertEquals("upstream returned 529", error.message());
        assertEquals("overloaded_error", error.code());
    }

    @Test
    void should_mask_the_key_and_rebuild_the_body_when_upstream_echoes_the_key() {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"key " + Calls.KEY
                + " was revoked\"}}").getBytes(StandardCharsets.UTF_8);

        ProviderError messages = adapter.translateError(messagesCall, 401, body);
        ProviderError chat = adapter.translateError(chatCall, 401, body);

        assertFalse(new String(messages.passThroughBody(), StandardCharsets.UTF_8).contains(Calls.KEY));
        assertFalse(messages.message().contains(Calls.KEY));
        assertFalse(chat.message().contains(Calls.KEY));
        assertEquals("key *** was revoked", chat.message());
        assertEquals("authentication_error", Fixtures.tree(messages.passThroughBody()).at("/error/type").asText());
    }

    @ParameterizedTest
    @CsvSource({"400, invalid_request_error", "401, authentication_error", "402, billing_error", "403, permission_error",
        "404, not_found_error", "409, invalid_request_error", "413, request_too_large", "429, rate_limit_error",
        "500, api_error", "503, api_error", "504, timeout_error", "529, overloaded_error"})
    void should_name_the_anthropic_type_for_the_status_when_body_is_not_an_anthropic_error(int status, String type) {
        ProviderError error = adapter.translateError(messagesCall, status, "oops".getBytes(StandardCharsets.UTF_8));

        assertEquals(status, error.status());
        assertEquals(type, error.type());
        assertEquals("upstream returned " + status + ": oops", error.message());
    }
}
