package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.SseEvent;

/**
 * Writes the OpenAI {@code chat.completion.chunk} events of one stream: every chunk carries the
 * same id, created time and model; when the client asked for usage, every chunk has
 * {@code "usage": null} and the usage chunk has empty {@code choices}, as OpenAI sends them.
 */
final class ChatChunks {

    static final SseEvent DONE = SseEvent.data("[DONE]");

    private final long created;
    private final boolean includeUsage;
    private String id = "";
    private String model = "";

    ChatChunks(long created, boolean includeUsage) {
        this.created = created;
        this.includeUsage = includeUsage;
    }

    void identify(String id, String model) {
        this.id = id;
        this.model = model;
    }

    boolean includeUsage() {
        return includeUsage;
    }

    /** A chunk with one choice whose delta is {@code delta}. */
    SseEvent delta(ObjectNode delta, String finishReason) {
        ObjectNode chunk = head();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return SseEvent.data(Json.text(chunk));
    }

    SseEvent usage(ObjectNode usage) {
        ObjectNode chunk = head();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return SseEvent.data(Json.text(chunk));
    }

    private ObjectNode head() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
