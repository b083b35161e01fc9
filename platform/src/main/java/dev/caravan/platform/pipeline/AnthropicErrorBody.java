package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        return render(typeFor(e.status()), message);
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

    /** Anthropic's error types (docs.anthropic.com, "Errors"); statuses it does not use map by class. */
    static String typeFor(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }
}
