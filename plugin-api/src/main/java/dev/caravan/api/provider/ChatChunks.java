package dev.caravan.api.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the canonical (OpenAI {@code chat.completion.chunk}) events of one translated stream:
 * every chunk carries the same id, created time and model; when the client asked for usage
 * ({@code stream_options.include_usage}), every chunk has {@code "usage": null} and the usage chunk
 * has empty {@code choices}, as OpenAI sends them; {@link #DONE} ends the stream.
 *
 * <p>Not thread-safe: one per stream, like the {@link StreamTranslator} that owns it.
 */
public final class ChatChunks {

    /** The event that ends a canonical stream. */
    public static final SseEvent DONE = SseEvent.data("[DONE]");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final long created;
    private final boolean includeUsage;
    private String id = "";
    private String model = "";

    /**
     * @param created      the {@code created} time (epoch seconds) of every chunk
     * @param includeUsage whether the client asked for the usage chunk
     */
    public ChatChunks(long created, boolean includeUsage) {
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /** Whether the client's request asked for the usage chunk ({@code stream_options.include_usage: true}). */
    public static boolean usageRequested(ObjectNode chatRequest) {
        var includeUsage = chatRequest.path("stream_options").path("include_usage");
        return includeUsage.isBoolean() && includeUsage.booleanValue();
    }

    /** Sets the id and model of the chunks written from now on (usually from the upstream's first event). */
    public void identify(String id, String model) {
        this.id = id == null ? "" : id;
        this.model = model == null ? "" : model;
    }

    public boolean includeUsage() {
        return includeUsage;
    }

    /** A chunk with choice 0 whose delta is {@code delta}; {@code finishReason} may be null. */
    public SseEvent delta(ObjectNode delta, String finishReason) {
        return delta(0, delta, finishReason);
    }

    /** A chunk with one choice, {@code index}, whose delta is {@code delta}; {@code finishReason} may be null. */
    public SseEvent delta(int index, ObjectNode delta, String finishReason) {
        ObjectNode chunk = head();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
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
        return event(chunk);
    }

    /** The usage chunk: empty {@code choices} and the OpenAI-shaped {@code usage} (see {@link OpenAiUsage#toNode}). */
    public SseEvent usage(ObjectNode usage) {
        ObjectNode chunk = head();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return event(chunk);
    }

    private ObjectNode head() {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static SseEvent event(ObjectNode chunk) {
        try {
            return SseEvent.data(MAPPER.writeValueAsString(chunk));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot serialise a JSON tree", impossible);
        }
    }
}
