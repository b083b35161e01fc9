package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;

/**
 * What a request asks of the target that serves it, found once when the request is parsed and
 * checked against each planned target's capabilities.
 *
 * @param stream whether the client asked for a stream
 * @param tools  whether the request defines tools
 * @param images whether the request carries image inputs
 */
public record RequestNeeds(boolean stream, boolean tools, boolean images) {

    public static RequestNeeds of(ApiFamily family, ObjectNode body, boolean stream) {
        JsonNode tools = body.get("tools");
        boolean hasTools = tools != null && tools.isArray() && !tools.isEmpty();
        return new RequestNeeds(stream, hasTools, hasImages(family, body));
    }

    private static boolean hasImages(ApiFamily family, ObjectNode body) {
        return switch (family) {
            case CHAT_COMPLETIONS -> anyPart(body.get("messages"), "image_url");
            case MESSAGES -> anyPart(body.get("messages"), "image");
            case RESPONSES -> anyPart(body.get("input"), "input_image");
            case EMBEDDINGS, IMAGES -> false;
        };
    }

    /** Whether any message (or item) has a content part of {@code type}, including inside tool results. */
    private static boolean anyPart(JsonNode messages, String type) {
        if (messages == null || !messages.isArray()) {
            return false;
        }
        for (JsonNode message : messages) {
            if (partsHave(message.get("content"), type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean partsHave(JsonNode content, String type) {
        if (content == null || !content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if (type.equals(part.path("type").asText()) || partsHave(part.get("content"), type)) {
                return true;
            }
        }
        return false;
    }
}
