package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessagesRequestBuilderTest {

    private final ProviderHarness adapter = Calls.adapter();

    @ParameterizedTest
    @EnumSource(value = ApiFamily.class, names = {"CHAT_COMPLETIONS", "MESSAGES"})
    void should_post_to_messages_under_base_url_when_preparing(ApiFamily family) {
        UpstreamRequest request = adapter.prepare(Calls.call(family, body(family), false, Calls.provider()));

        assertEquals("POST", request.method());
        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), request.uri());
    }

    @Test
    void should_not_double_the_slash_when_base_url_ends_with_one() {
        ProviderSettings proxy = new ProviderSettings("proxy", "anthropic", URI.create("http://localhost:9000/anthropic/v1/"),
                Secret.of(Calls.KEY), Duration.ofSeconds(5), Map.of(), null);

        UpstreamRequest request = adapter.prepare(Calls.call(ApiFamily.MESSAGES, body(ApiFamily.MESSAGES), false, proxy));

        assertEquals(URI.create("http://localhost:9000/anthropic/v1/messages"), request.uri());
    }

    @Test
    void should_send_key_default_version_and_json_headers_when_no_options_are_set() {
        Map<String, String> headers = adapter.prepare(Calls.messages(body(ApiFamily.MESSAGES))).headers();

        assertEquals(Calls.KEY, headers.get("x-api-key"));
        assertEquals("2023-06-01", headers.get("anthropic-version"));
        assertEquals("application/json", headers.get("content-type"));
        assertEquals("application/json", headers.get("accept"));
        assertFalse(headers.containsKey("anthropic-beta"));
        assertFalse(headers.containsKey("authorization"));
    }

    @Test
    void should_send_configured_version_and_joined_betas_when_options_set_them() {
        ProviderSettings provider = Calls.provider(Calls.KEY, Map.of(),
                Fixtures.tree("{\"version\":\"2024-10-22\",\"beta\":[\"prompt-caching-2024-07-31\",\"context-1m-2025-08-07\"]}"));

        Map<String, String> headers = adapter.prepare(Calls.call(ApiFamily.MESSAGES, body(ApiFamily.MESSAGES), false, provider)).headers();

        assertEquals("2024-10-22", headers.get("anthropic-version"));
        assertEquals("prompt-caching-2024-07-31,context-1m-2025-08-07", headers.get("anthropic-beta"));
    }

    @Test
    void should_accept_event_stream_when_call_streams() {
        assertEquals("text/event-stream", adapter.prepare(Calls.call(ApiFamily.CHAT_COMPLETIONS, body(ApiFamily.CHAT_COMPLETIONS),
                true, Calls.provider())).headers().get("accept"));
    }

    @Test
    void should_send_no_api_key_header_but_keep_operator_one_when_key_is_empty() {
        ProviderSettings provider = Calls.provider("", Map.of("X-Api-Key", "from-the-operator"), null);

        Map<String, String> headers = adapter.prepare(Calls.call(ApiFamily.MESSAGES, body(ApiFamily.MESSAGES), false, provider)).headers();

        assertEquals("from-the-operator", headers.get("x-api-key"));
    }

    @Test
    void should_let_configured_key_and_beta_option_win_over_operator_headers_in_any_case() {
        ProviderSettings provider = Calls.provider(Calls.KEY, Map.of("X-API-KEY", "other", "Anthropic-Beta", "old-beta", "x-team", "search"),
                Fixtures.tree("{\"beta\":\"new-beta\"}"));

        Map<String, String> headers = adapter.prepare(Calls.call(ApiFamily.MESSAGES, body(ApiFamily.MESSAGES), false, provider)).headers();

        assertEquals(Calls.KEY, headers.get("x-api-key"));
        assertEquals("new-beta", headers.get("anthropic-beta"));
        assertEquals("search", headers.get("x-team"));
        assertEquals(1, headers.keySet().stream().filter(h -> h.equalsIgnoreCase("x-api-key")).count());
    }

    @Test
    void should_keep_operator_beta_header_when_beta_option_is_absent() {
        ProviderSettings provider = Calls.provider(Calls.KEY, Map.of("anthropic-beta", "token-efficient-tools-2025-02-19"), null);

        Map<String, String> headers = adapter.prepare(Calls.call(ApiFamily.MESSAGES, body(ApiFamily.MESSAGES), false, provider)).headers();

        assertEquals("token-efficient-tools-2025-02-19", headers.get("anthropic-beta"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode body(ApiFamily family) {
        return Fixtures.json(family == ApiFamily.MESSAGES ? "messages-request-native.json" : "chat-request-basic.json");
    }
}
