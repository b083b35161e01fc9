package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;

/** Named SSE events whose data is a JSON object carrying the same {@code type}, as Anthropic and the Responses API frame them. */
final class SseEvents {

    static final String DONE = "[DONE]";

    private SseEvents() {}

    static SseEvent typed(ObjectNode data) {
        return new SseEvent(data.path("type").asText(), FamilyJson.text(data));
    }

    static boolean isDone(SseEvent event) {
        return event.data() != null && DONE.equals(event.data().strip());
    }
}
