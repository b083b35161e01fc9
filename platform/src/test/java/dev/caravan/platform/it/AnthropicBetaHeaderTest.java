package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.mock.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's {@code anthropic-beta} header on {@code /v1/messages}: merged after the operator's
 * betas (option {@code beta}) on a native Anthropic target, checked, and never sent to a target
 * the call is translated for. The mock records the header it got.
 */
class AnthropicBetaHeaderTest {

    private static final String MODELS = """
              - { alias: claude-beta, targets: [ { provider: claude-beta, model: claude-sonnet-4-5 } ] }
              - { alias: claude, targets: [ { provider: claude, model: claude-sonnet-4-5 } ] }
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        String base = mock.baseUrl().toString();
        String providers = String.join("\n",
                "- { id: claude-beta, plugin: anthropic, base_url: \"" + base + "\", api_key: \"sk-ant-x\","
                        + " options: { beta: [operator-one, shared-beta] } }",
                "- { id: claude, plugin: anthropic, base_url: \"" + base + "\", api_key: \"sk-ant-x\" }");
        gateway = TestGateway.startWithProviders(mock, tmp, providers, MODELS, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> messages(String alias, String beta) {
        String body = "{\"model\":\"" + alias + "\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        return gateway.post("/v1/messages", body, "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01",
                "anthropic-beta", beta);
    }

    private static String upstreamBeta() {
        RecordedRequest upstream = mock.lastRecordedRequest();
        for (Map.Entry<String, String> header : upstream.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("anthropic-beta")) {
                return header.getValue();
            }
        }
        return null;
    }

    @Test
    void should_send_the_operators_betas_then_the_clients_without_duplicates_when_both_are_given() {
        HttpResponse<String> response = messages("claude-beta", "shared-beta, client-two");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("operator-one,shared-beta,client-two", upstreamBeta());
    }

    @Test
    void should_send_the_clients_betas_when_the_operator_configured_none() {
        HttpResponse<String> response = messages("claude", "files-api-2025-04-14,client-two");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("files-api-2025-04-14,client-two", upstreamBeta());
    }

    @Test
    void should_refuse_in_the_anthropic_shape_and_call_no_upstream_when_a_beta_name_is_malformed() {
        long before = mock.requestCount();

        assertRefused(messages("claude", "ok-beta,Not_A=Beta"));
        assertEquals(before, mock.requestCount());
    }

    @Test
    void should_refuse_when_the_client_sends_too_many_betas() {
        assertRefused(messages("claude", "b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,b12,b13,b14,b15,b16,b17"));
    }

    @Test
    void should_refuse_when_a_beta_name_is_overlong() {
        assertRefused(messages("claude", "a".repeat(65)));
    }

    @Test
    void should_not_send_the_clients_betas_when_the_call_is_translated_for_an_openai_target() {
        HttpResponse<String> response = messages("fast", "client-two");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/v1/chat/completions", mock.lastRecordedRequest().path());
        assertNull(upstreamBeta());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body());
        assertEquals("error", error.path("type").asText(), response.body());
        assertEquals("invalid_request_error", error.path("error").path("type").asText(), response.body());
        assertTrue(error.path("error").path("message").asText().startsWith("anthropic-beta:"), response.body());
    }
}
