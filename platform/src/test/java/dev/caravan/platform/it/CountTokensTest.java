package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/messages/count_tokens}: Anthropic's shape, counted locally, validated like /v1/messages. */
class CountTokensTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    static AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl().toString()).apiKey(key)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    private static long count(String system, String user) {
        MessageCountTokensParams.Builder params = MessageCountTokensParams.builder().model("fast").addUserMessage(user);
        if (system != null) {
            params.system(system);
        }
        MessageTokensCount count = anthropic(TestGateway.KEY).messages().countTokens(params.build());
        return count.inputTokens();
    }

    @Test
    void should_count_input_tokens_locally_without_calling_the_upstream_when_an_anthropic_client_counts() {
        long before = mock.requestCount();
        long short_ = count(null, "Hello");
        long longer = count("You are a careful assistant who answers in one short sentence.", "Hello there, how are you today?");

        assertTrue(short_ > 0, "a message has tokens: " + short_);
        assertTrue(longer > short_ + 10, short_ + " vs " + longer);
        assertEquals(before, mock.requestCount(), "counting is local");
    }

    @Test
    void should_say_the_count_is_an_estimate_in_a_header() {
        HttpResponse<String> response = gateway.post("/v1/messages/count_tokens",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(TestGateway.json(response.body()).get("input_tokens").asLong() > 0, response.body());
        assertEquals("estimated", response.headers().firstValue("x-caravan-token-count").orElseThrow());
    }

    @Test
    void should_refuse_with_an_anthropic_400_naming_the_field_when_a_message_has_a_bad_role() {
        HttpResponse<String> response = gateway.post("/v1/messages/count_tokens",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = TestGateway.json(response.body());
        assertEquals("invalid_request_error", body.at("/error/type").asText(), response.body());
        assertTrue(body.at("/error/message").asText().startsWith("messages.0.role"), response.body());
    }

    @Test
    void should_answer_an_anthropic_404_when_the_key_may_not_use_the_alias() {
        assertThrows(com.anthropic.errors.NotFoundException.class, () -> anthropic(TestGateway.LIMITED_KEY).messages()
                .countTokens(MessageCountTokensParams.builder().model("slowpoke").addUserMessage("Hi").build()));
    }

    @Test
    void should_answer_401_in_the_anthropic_shape_when_the_key_is_unknown() {
        HttpResponse<String> response = gateway.post("/v1/messages/count_tokens",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-api-key", "sk-unknown", "anthropic-version", "2023-06-01");

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("authentication_error", TestGateway.json(response.body()).at("/error/type").asText(), response.body());
    }
}
