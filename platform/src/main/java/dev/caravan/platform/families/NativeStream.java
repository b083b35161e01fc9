package dev.caravan.platform.families;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.platform.upstream.FailureEvents;
import java.util.List;

/**
 * An adapter's own stream of a family that is not OpenAI chat (an Anthropic upstream serving
 * {@code /v1/messages}, an OpenAI upstream serving {@code /v1/responses}): passed through as the
 * adapter translates it, but a mid-stream failure ends it in the client's wire format.
 */
public final class NativeStream implements StreamTranslator, FailureEvents {

    private final StreamTranslator stream;
    private final ApiFamily family;
    private int events;

    private NativeStream(StreamTranslator stream, ApiFamily family) {
        this.stream = stream;
        this.family = family;
    }

    /** Wraps {@code stream} when its family has its own error events; chat-shaped families are returned as they are. */
    public static StreamTranslator of(StreamTranslator stream, ApiFamily family) {
        return family == ApiFamily.MESSAGES || family == ApiFamily.RESPONSES ? new NativeStream(stream, family) : stream;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        List<SseEvent> out = stream.onEvent(upstreamEvent);
        events += out.size();
        return out;
    }

    @Override
    public List<SseEvent> onComplete() {
        List<SseEvent> out = stream.onComplete();
        events += out.size();
        return out;
    }

    /** Responses events are numbered from 0 one by one, so the next number is the count sent so far. */
    @Override
    public List<SseEvent> failureEvents(String message) {
        if (family == ApiFamily.MESSAGES) {
            return List.of(AnthropicStreamError.event("api_error", message));
        }
        com.fasterxml.jackson.databind.node.ObjectNode error = FamilyJson.object().put("type", "error")
                .put("sequence_number", events).put("code", "upstream_stream_error").put("message", message);
        error.putNull("param");
        return List.of(SseEvents.typed(error));
    }

    @Override
    public boolean endedCleanly() {
        return stream.endedCleanly();
    }

    @Override
    public Usage usage() {
        return stream.usage();
    }
}
