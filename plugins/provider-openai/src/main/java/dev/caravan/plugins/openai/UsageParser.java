package dev.caravan.plugins.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Usage;
import java.io.IOException;

/**
 * Reads OpenAI's {@code usage} objects in either {@link UsageShape}: prompt (input), completion
 * (output), cached and reasoning tokens. OpenAI-compatible servers that omit the details get zeros
 * for them. Bodies are tokenised, never materialised, except the small {@code usage} object itself.
 */
final class UsageParser {

    private static final String[] TOP_LEVEL = {"usage"};

    private UsageParser() {}

    /** The usage of a complete chat completion; {@link Usage#NONE} when absent or the body is not JSON. */
    static Usage fromResponse(byte[] body) {
        return fromResponse(body, UsageShape.CHAT);
    }

    /** The top-level {@code usage} of a complete answer in {@code shape}. */
    static Usage fromResponse(byte[] body, UsageShape shape) {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            return at(parser, TOP_LEVEL, shape);
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    /** The usage at {@code path} (e.g. {@code response, usage}) of one stream event's data. */
    static Usage fromEvent(String data, String[] path, UsageShape shape) {
        try (JsonParser parser = Json.FACTORY.createParser(data)) {
            return at(parser, path, shape);
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    /** Walks down {@code path} through nested objects, skipping every other field unread. */
    private static Usage at(JsonParser parser, String[] path, UsageShape shape) throws IOException {
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
                return fromNode(Json.MAPPER.readTree(parser), shape);
            } else {
                depth++; // descend: the loop now reads this object's fields
            }
        }
        return Usage.NONE;
    }

    /** The usage in a chat-shaped {@code usage} object node; {@link Usage#NONE} for a missing or null node. */
    static Usage fromNode(JsonNode usage) {
        return fromNode(usage, UsageShape.CHAT);
    }

    static Usage fromNode(JsonNode usage, UsageShape shape) {
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

    private static long count(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }
}
