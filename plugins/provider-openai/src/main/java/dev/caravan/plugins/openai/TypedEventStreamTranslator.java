package dev.caravan.plugins.openai;

import dev.caravan.api.provider.OpenAiUsage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.io.IOException;
import java.util.List;

/**
 * A stream of typed events (Responses API, image generation) is already in the client's wire
 * format: every event goes to the client as it came, {@code event:} name included. Only the events
 * that end the stream are read, for the usage and for whether the upstream ended properly.
 */
final class TypedEventStreamTranslator implements StreamTranslator {

    private final StreamGrammar grammar;
    private Usage usage = Usage.NONE;
    private boolean endedProperly;
    private boolean failed;

    TypedEventStreamTranslator(StreamGrammar grammar) {
        this.grammar = grammar;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        String type = typeOf(upstreamEvent);
        if (type != null && grammar.ends(type)) {
            Usage reported = OpenAiUsage.fromEvent(upstreamEvent.data(), grammar.usagePath(), grammar.shape());
            if (reported.reported()) {
                usage = reported;
            }
            if (grammar.failures().contains(type)) {
                failed = true;
            } else {
                endedProperly = true;
            }
        }
        return List.of(upstreamEvent);
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of();
    }

    /** False when the stream stopped before an end event, or when the upstream reported a failure. */
    @Override
    public boolean endedCleanly() {
        return endedProperly && !failed;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** The {@code event:} name, or else the data's top-level {@code type} (servers that omit the name). */
    private static String typeOf(SseEvent event) {
        if (event.event() != null) {
            return event.event();
        }
        String data = event.data();
        if (data == null || !data.contains("\"type\"")) {
            return null;
        }
        try (JsonParser parser = Json.FACTORY.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException malformed) {
            return null; // not ours to judge: the event is forwarded as it came
        }
    }
}
