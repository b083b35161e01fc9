package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each bad input gets a precise OpenAI-style error with the right status, and the gateway keeps serving. */
class BadInputTest extends StandardGatewayTest {

    @AfterEach
    void still_serving() {
        HttpResponse<String> ok = chat("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, ok.statusCode(), "gateway stopped serving: " + ok.body());
    }

    private static HttpResponse<String> chat(String body, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "authorization";
        headers[1] = TestGateway.bearer(TestGateway.KEY);
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return gateway.post("/v1/chat/completions", body, headers);
    }

    private static JsonNode error(HttpResponse<String> response) {
        JsonNode body = TestGateway.json(response.body());
        assertTrue(body.has("error"), response.body());
        return body.get("error");
    }

    @Test
    void should_return_400_when_the_json_is_malformed() {
        HttpResponse<String> response = chat("{\"model\": \"fast\", \"messages\": [");
        assertEquals(400, response.statusCode());
        assertEquals("invalid_request_error", error(response).get("type").asText());
        assertTrue(error(response).get("message").asText().contains("parse the JSON"));
    }

    @Test
    void should_return_400_naming_model_when_model_is_missing() {
        HttpResponse<String> response = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, response.statusCode());
        assertEquals("model", error(response).get("param").asText());
    }

    @Test
    void should_return_400_naming_messages_when_messages_are_missing() {
        HttpResponse<String> response = chat("{\"model\":\"fast\"}");
        assertEquals(400, response.statusCode());
        assertEquals("messages", error(response).get("param").asText());
    }

    @Test
    void should_return_400_naming_stream_when_stream_is_not_a_boolean() {
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, response.statusCode());
        assertEquals("stream", error(response).get("param").asText());
    }

    @Test
    void should_return_413_when_the_body_exceeds_max_body_bytes() {
        String big = "x".repeat(70_000);
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");
        assertEquals(413, response.statusCode());
        assertTrue(error(response).get("message").asText().contains("server.max_body_bytes"));
    }

    @Test
    void should_return_404_model_not_found_when_the_alias_is_unknown() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> gateway.openai(TestGateway.KEY).chat().completions()
                .create(ChatCompletionCreateParams.builder().model("gpt-9").addUserMessage("hi").build()));
        assertEquals("model_not_found", e.code().orElseThrow());
    }

    @Test
    void should_return_404_when_the_key_may_not_use_the_alias() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"slowpoke\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY));
        assertEquals(404, response.statusCode());
        assertEquals("model_not_found", error(response).get("code").asText());
    }

    @Test
    void should_return_401_when_the_key_is_missing_or_unknown() {
        HttpResponse<String> missing = gateway.post("/v1/chat/completions", "{}");
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("x-caravan-trace-id").isPresent());
        assertThrows(UnauthorizedException.class, () -> gateway.openai("sk-not-a-real-key-000000").chat().completions()
                .create(ChatCompletionCreateParams.builder().model("fast").addUserMessage("hi").build()));
    }

    @Test
    void should_return_502_when_the_upstream_is_unreachable() {
        HttpResponse<String> response = chat("{\"model\":\"nowhere\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(502, response.statusCode());
        assertEquals("upstream_unreachable", error(response).get("code").asText());
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        JsonNode receipt = gateway.receipt(traceId, TestGateway.KEY);
        assertEquals(502, receipt.get("status").asInt());
        assertTrue(receipt.get("attempts").get(0).get("error").asText().startsWith("connect_error"));
    }

    @Test
    void should_return_504_when_the_upstream_exceeds_its_timeout() {
        HttpResponse<String> response = chat("{\"model\":\"slowpoke\",\"mock\":{\"latency_ms\":2000},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(504, response.statusCode());
        assertEquals("upstream_timeout", error(response).get("code").asText());
    }

    @Test
    void should_return_the_upstream_status_and_body_when_the_upstream_fails() {
        String upstreamError = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-mock-status", "429");
        // client headers are not forwarded upstream, so the mock ignored x-mock-status
        assertEquals(200, response.statusCode());

        String body = "{\"model\":\"fast\",\"mock\":{\"status\":429,\"retry_after\":\"1\",\"error_body\":" + TestGateway.JSON.valueToTree(upstreamError) + "},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> limited = chat(body);
        assertEquals(429, limited.statusCode());
        assertEquals(upstreamError, limited.body());
        assertEquals("1", limited.headers().firstValue("retry-after").orElse(null), "retry-after passes through");
        // The only target of 'fast' now cools down for the upstream's Retry-After (docs/routing.md).
        String plain = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Poll.until(() -> chat(plain), r -> r.statusCode() == 200, java.time.Duration.ofSeconds(10),
                () -> "the target never left its 1 s cooldown");

        HttpResponse<String> serverError = chat("{\"model\":\"fast\",\"mock\":{\"status\":503},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(503, serverError.statusCode());
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class, () -> gateway.openai(TestGateway.KEY).chat().completions()
                .create(ChatCompletionCreateParams.builder().model("fast").addUserMessage("hi")
                        .putAdditionalBodyProperty("mock", com.openai.core.JsonValue.from(java.util.Map.of("status", 500))).build()));
        assertEquals(500, e.statusCode());
    }

    @Test
    void should_never_reveal_the_provider_key_in_errors() {
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"mock\":{\"status\":401},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains("sk-upstream-secret-123"));
    }
}
