package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** OpenAI's error body shape, which SDKs parse into typed errors. */
class OpenAiErrorBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_render_message_type_param_and_code_when_all_set() {
        byte[] body = OpenAiErrorBody.render("invalid_request_error", "model_not_found", "model", "No such model.");

        assertEquals("{\"error\":{\"message\":\"No such model.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"model\",\"code\":\"model_not_found\"}}", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void should_render_json_nulls_when_param_and_code_absent() throws IOException {
        JsonNode error = JSON.readTree(OpenAiErrorBody.render("api_error", null, null, "Oops.")).get("error");

        assertTrue(error.has("param") && error.get("param").isNull());
        assertTrue(error.has("code") && error.get("code").isNull());
    }

    @Test
    void should_escape_message_when_it_holds_quotes_and_newlines() throws IOException {
        String message = "Invalid 'x': \"quoted\"\nnext line \\ done";

        JsonNode error = JSON.readTree(OpenAiErrorBody.render("invalid_request_error", null, "x", message)).get("error");

        assertEquals(message, error.get("message").asText());
    }

    @Test
    void should_render_gateway_exception_fields() throws IOException {
        GatewayException e = GatewayException.badRequest("messages", "Missing required parameter: 'messages'.");

        JsonNode error = JSON.readTree(OpenAiErrorBody.render(e)).get("error");

        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("messages", error.get("param").asText());
        assertTrue(error.get("code").isNull());
        assertEquals("Missing required parameter: 'messages'.", error.get("message").asText());
    }

    @Test
    void should_return_upstream_body_unchanged_when_exception_passes_it_through() {
        byte[] upstream = "{\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\"}}".getBytes(StandardCharsets.UTF_8);
        GatewayException e = new GatewayException(429, "requests", "rate_limit_exceeded", null, "Rate limit", upstream, null);

        assertSame(upstream, OpenAiErrorBody.render(e));
    }
}
