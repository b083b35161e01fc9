package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrorBody() {}

    public static byte[] render(GatewayException e) {
        if (e.passThroughBody() != null) {
            return e.passThroughBody();
        }
        return render(e.type(), e.code(), e.param(), e.getMessage());
    }

    public static byte[] render(String type, String code, String param, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
