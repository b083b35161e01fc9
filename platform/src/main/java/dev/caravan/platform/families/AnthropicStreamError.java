package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;

/** Anthropic's mid-stream error: {@code event: error} with the same body as its error responses. */
public final class AnthropicStreamError {

    private AnthropicStreamError() {}

    public static SseEvent event(String type, String message) {
        ObjectNode body = FamilyJson.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return SseEvents.typed(body);
    }
}
