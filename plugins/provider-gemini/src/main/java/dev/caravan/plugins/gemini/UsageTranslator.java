package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;

/**
 * Gemini's {@code usageMetadata} as Caravan's {@link Usage} and OpenAI's {@code usage} object.
 * Gemini counts thinking apart from the answer ({@code thoughtsTokenCount}) while OpenAI counts
 * reasoning inside {@code completion_tokens}, so completion tokens are candidates + thoughts, and the
 * thoughts are also the reasoning tokens. Cached tokens are part of the prompt in both.
 */
final class UsageTranslator {

    private UsageTranslator() {}

    /**
     * The usage in a {@code usageMetadata} node; {@link Usage#NONE} when it is missing or holds no
     * token counts (Vertex streams send {@code {"trafficType": ...}} alone on early chunks).
     */
    static Usage fromMetadata(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()
                || !(metadata.has("promptTokenCount") || metadata.has("candidatesTokenCount") || metadata.has("totalTokenCount"))) {
            return Usage.NONE;
        }
        long thoughts = count(metadata.path("thoughtsTokenCount"));
        return new Usage(
                count(metadata.path("promptTokenCount")),
                count(metadata.path("candidatesTokenCount")) + thoughts,
                count(metadata.path("cachedContentTokenCount")),
                0,
                thoughts,
                true);
    }

    /** OpenAI's usage object for {@code usage}. */
    static ObjectNode toOpenAi(Usage usage) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return node;
    }

    private static long count(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }
}
