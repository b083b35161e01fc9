package dev.caravan.api.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import java.io.IOException;

/**
 * Reads and writes OpenAI's {@code usage} objects: prompt (input), completion (output), cached and
 * reasoning tokens. OpenAI-compatible servers that omit the details get zeros for them. Bodies are
 * tokenised, never materialised, except the small {@code usage} object itself. Thread-safe.
 */
public final class OpenAiUsage {

    /**
     * The two ways OpenAI names token counts. Chat completions and embeddings say
     * {@code prompt_tokens} / {@code completion_tokens} with {@code prompt_tokens_details.cached_tokens}
     * and {@code completion_tokens_details.reasoning_tokens}; the Responses API and the GPT image
     * models say {@code input_tokens} / {@code output_tokens} with {@code input_tokens_details} and
     * {@code output_tokens_details}.
     */
    public enum Shape {
        CHAT("prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"),
        INPUT_OUTPUT("input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");

        final String prompt;
        final String completion;
        final String promptDetails;
        final String completionDetails;

        Shape(String prompt, String completion, String promptDetails, String completionDetails) {
            this.prompt = prompt;
            this.completion = completion;
            this.promptDetails = promptDetails;
            this.completionDetails = completionDetails;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final String[] TOP_LEVEL = {"usage"};

    private OpenAiUsage() {}

    /** The top-level {@code usage} of a complete chat completion; {@link Usage#NONE} when absent or the body is not JSON. */
    public static Usage fromResponse(byte[] body) {
        return fromResponse(body, Shape.CHAT);
    }

    /** The top-level {@code usage} of a complete answer in {@code shape}. */
    public static Usage fromResponse(byte[] body, Shape shape) {
        if (body == null) {
            return Usage.NONE;
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            return at(parser, TOP_LEVEL, shape);
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    /** The usage at {@code path} (e.g. {@code response, usage}) of one stream event's data. */
    public static Usage fromEvent(String data, String[] path, Shape shape) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            return at(parser, path, shape);
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    /** The usage in a chat-shaped {@code usage} object node; {@link Usage#NONE} for a missing or null node. */
    public static Usage fromNode(JsonNode usage) {
        return fromNode(usage, Shape.CHAT);
    }

    public static Usage fromNode(JsonNode usage, Shape shape) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        return new Usage(
                count(usage.path(shape.prompt)),
                count(usage.path(shape.completion)),
                count(usage.path(shape.promptDetails).path("cached_tokens")),
                0,
                count(usage.path(shape.completionDetails).path("reasoning_tokens")),
                true);
    }

    /**
     * A chat-shaped {@code usage} object for a canonical answer: {@code prompt_tokens},
     * {@code completion_tokens}, {@code total_tokens}, and the cached and reasoning details when
     * they are not zero.
     */
    public static ObjectNode toNode(Usage usage) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        if (usage.cachedTokens() > 0) {
            node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        }
        if (usage.reasoningTokens() > 0) {
            node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        }
        return node;
    }

    /** Walks down {@code path} through nested objects, skipping every other field unread. */
    private static Usage at(JsonParser parser, String[] path, Shape shape) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return Usage.NONE;
        }
        int depth = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!path[depth].equals(field)) {
                parser.skipChildren();
            } else if (value != JsonToken.START_OBJECT) {
                return Usage.NONE;
            } else if (depth == path.length - 1) {
                return fromNode(MAPPER.readTree(parser), shape);
            } else {
                depth++; // descend: the loop now reads this object's fields
            }
        }
        return Usage.NONE;
    }

    private static long count(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }
}
