package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.List;

/**
 * An Anthropic stream for a client that called {@code /v1/messages}: every event goes to the client
 * as it came (the same {@link SseEvent}, so the same {@code event:} name and data). Only
 * {@code message_start} and {@code message_delta} are parsed, for usage; {@code message_stop} marks
 * a clean end, an {@code error} event a failed one.
 */
final class MessagesStreamTranslator implements StreamTranslator {

    private final UsageTally usage = new UsageTally();
    private boolean done;
    private boolean failed;

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        String data = upstreamEvent.data();
        String type = upstreamEvent.event();
        if (data != null && (type == null || type.startsWith("message_"))) {
            track(type, data);
        } else if ("error".equals(type)) {
            failed = true;
        }
        return List.of(upstreamEvent);
    }

    /** Named events need parsing only for usage; an unnamed one is parsed to learn its type. */
    private void track(String eventName, String data) {
        if ("message_stop".equals(eventName)) {
            done = true;
            return;
        }
        ObjectNode event = Json.objectOrNull(data);
        if (event == null) {
            return;
        }
        switch (event.path("type").asText(eventName == null ? "" : eventName)) {
            case "message_start" -> usage.add(event.path("message").get("usage"));
            case "message_delta" -> usage.add(event.get("usage"));
            case "message_stop" -> done = true;
            case "error" -> failed = true;
            default -> { }
        }
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of();
    }

    @Override
    public boolean endedCleanly() {
        return done && !failed;
    }

    @Override
    public Usage usage() {
        return usage.usage();
    }
}
