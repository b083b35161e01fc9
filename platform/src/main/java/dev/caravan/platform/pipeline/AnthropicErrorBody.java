package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.ErrorTypes;

/**
 * Renders Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, with the
 * error type Anthropic uses for the status. A pass-through body is returned as is: only a target
 * serving {@code /v1/messages} natively keeps one, and that body is already Anthropic's.
 */
public final class AnthropicErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicErrorBody() {}

    public static byte[] render(GatewayException e) {
        if (e.passThroughBody() != null) {
            return e.passThroughBody();
        }
        String message = e.param() == null || e.getMessage().startsWith(e.param()) ? e.getMessage() : e.param() + ": " + e.getMessage();
        return render(ErrorTypes.anthropic(e.status()), message);
    }

    public static byte[] render(String type, String message) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
