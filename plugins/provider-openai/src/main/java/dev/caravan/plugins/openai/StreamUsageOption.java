package dev.caravan.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI sends token usage for a stream only when asked ({@code stream_options.include_usage}),
 * in one extra chunk with empty {@code choices}. Caravan always asks, so every stream is metered;
 * whether that chunk reaches the client depends on whether the client itself asked.
 */
final class StreamUsageOption {

    static final String STREAM_OPTIONS = "stream_options";
    static final String INCLUDE_USAGE = "include_usage";

    private StreamUsageOption() {}

    /** Whether the client's own request asked for the usage chunk. */
    static boolean requestedByClient(ObjectNode clientBody) {
        JsonNode includeUsage = clientBody.path(STREAM_OPTIONS).path(INCLUDE_USAGE);
        return includeUsage.isBoolean() && includeUsage.booleanValue();
    }
}
