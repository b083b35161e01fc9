package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicErrorBodyTest {

    private static JsonNode render(GatewayException e) throws Exception {
        return new ObjectMapper().readTree(AnthropicErrorBody.render(e));
    }

    @Test
    void should_render_anthropics_shape_with_the_type_of_the_status() throws Exception {
        JsonNode body = render(GatewayException.unauthorized("Incorrect API key provided."));

        assertEquals("error", body.get("type").asText());
        assertEquals("authentication_error", body.get("error").get("type").asText());
        assertEquals("Incorrect API key provided.", body.get("error").get("message").asText());
    }

    @Test
    void should_prefix_the_message_with_the_field_it_is_about() throws Exception {
        JsonNode body = render(GatewayException.badRequest("stream", "model 'm' (provider p) does not support streaming"));

        assertEquals("stream: model 'm' (provider p) does not support streaming", body.get("error").get("message").asText());
    }

    @Test
    void should_return_an_upstream_body_already_in_anthropics_format_as_is() {
        byte[] upstream = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(upstream, AnthropicErrorBody.render(new GatewayException(529, "api_error", null, null, "Overloaded", upstream, null)));
    }
}
