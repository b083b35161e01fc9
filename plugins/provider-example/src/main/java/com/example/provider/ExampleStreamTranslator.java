package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One upstream stream to canonical {@code chat.completion.chunk} events, chunk by chunk. The
 * gateway creates one per stream and calls it from one thread at a time, so plain fields are
 * enough for its state: the usage seen and whether {@code [DONE]} arrived.
 */
final class ExampleStreamTranslator implements StreamTranslator {

    private static final String DONE = "[DONE]";

    private final boolean clientWantsUsage;
    private Usage usage = Usage.NONE;
    private boolean done;

    ExampleStreamTranslator(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        String data = upstreamEvent.data();
        if (data == null || data.isBlank()) {
            return List.of();
        }
        if (DONE.equals(data.strip())) {
            done = true;
            return List.of(SseEvent.data(DONE));
        }
        JsonNode chunk = parse(data);
        if (chunk == null) {
            return List.of(); // not JSON: nothing a client could use; the stream goes on
        }
        if (chunk.has("error")) {
            return List.of(SseEvent.data(data)); // already an OpenAI-shaped error event
        }
        Usage reported = OpenAiUsage.fromNode(chunk.get("usage"));
        if (reported.reported()) {
            usage = reported;
        }
        if (chunk.path("choices").isEmpty()) {
            // the usage-only chunk the adapter asked for: the client sees it only if it asked too
            return reported.reported() && clientWantsUsage ? List.of(event(usageChunk(chunk, reported))) : List.of();
        }
        return List.of(event(contentChunk(chunk)));
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of(); // [DONE] was already forwarded; a stream without it is reported as truncated
    }

    @Override
    public boolean endedCleanly() {
        return done;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    private static ObjectNode contentChunk(JsonNode upstream) {
        ObjectNode chunk = header(upstream);
        ArrayNode choices = chunk.putArray("choices");
        for (JsonNode choice : upstream.path("choices")) {
            ObjectNode mapped = choices.addObject();
            mapped.put("index", choice.path("index").asInt(0));
            ObjectNode delta = mapped.putObject("delta");
            JsonNode role = choice.path("delta").path("role");
            if (role.isTextual()) {
                delta.put("role", role.asText());
            }
            JsonNode content = choice.path("delta").path("content");
            if (content.isTextual()) {
                delta.put("content", content.asText());
            }
            JsonNode finish = choice.path("finish_reason");
            mapped.set("finish_reason", finish.isTextual() ? finish : null);
        }
        return chunk;
    }

    private static ObjectNode usageChunk(JsonNode upstream, Usage usage) {
        ObjectNode chunk = header(upstream);
        chunk.putArray("choices");
        chunk.set("usage", OpenAiUsage.toNode(usage));
        return chunk;
    }

    private static ObjectNode header(JsonNode upstream) {
        ObjectNode chunk = Json.MAPPER.createObjectNode();
        chunk.put("id", upstream.path("id").asText("chatcmpl-example"));
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", upstream.path("created").asLong(0));
        chunk.put("model", upstream.path("model").asText(""));
        return chunk;
    }

    private static SseEvent event(ObjectNode chunk) {
        return SseEvent.data(new String(CompletionMapper.bytes(chunk), StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String data) {
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
