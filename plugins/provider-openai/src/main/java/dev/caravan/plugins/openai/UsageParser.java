package dev.caravan.plugins.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Usage;
import java.io.IOException;

/**
 * Reads OpenAI's {@code usage} object: {@code prompt_tokens}, {@code completion_tokens},
 * {@code prompt_tokens_details.cached_tokens} and {@code completion_tokens_details.reasoning_tokens}.
 * OpenAI-compatible servers that omit the details get zeros for them.
 */
final class UsageParser {

    private UsageParser() {}

    /** The usage of a complete chat completion; {@link Usage#NONE} when absent or the body is not JSON. */
    static Usage fromResponse(byte[] body) {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Usage.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("usage".equals(field)) {
                    return value == JsonToken.START_OBJECT ? fromNode(Json.MAPPER.readTree(parser)) : Usage.NONE;
                }
                parser.skipChildren(); // choices and the rest: tokenised, never materialised
            }
            return Usage.NONE;
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    /** The usage in a {@code usage} object node; {@link Usage#NONE} for a missing or null node. */
    static Usage fromNode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        return new Usage(
                count(usage.path("prompt_tokens")),
                count(usage.path("completion_tokens")),
                count(usage.path("prompt_tokens_details").path("cached_tokens")),
                0,
                count(usage.path("completion_tokens_details").path("reasoning_tokens")),
                true);
    }

    private static long count(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }
}
