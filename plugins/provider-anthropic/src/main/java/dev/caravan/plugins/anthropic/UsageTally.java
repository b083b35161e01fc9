package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import java.io.IOException;

/**
 * Anthropic's token counts, normalised into {@link Usage}:
 * <ul>
 *   <li>{@code promptTokens} = {@code input_tokens} + {@code cache_read_input_tokens} +
 *       {@code cache_creation_input_tokens} (Anthropic's {@code input_tokens} counts only the
 *       uncached part of the prompt; OpenAI's {@code prompt_tokens} counts all of it);</li>
 *   <li>{@code completionTokens} = {@code output_tokens} (thinking included: Anthropic does not count
 *       it separately, so {@code reasoningTokens} stays 0);</li>
 *   <li>{@code cachedTokens} = {@code cache_read_input_tokens};</li>
 *   <li>{@code cacheWriteTokens} = {@code cache_creation_input_tokens}.</li>
 * </ul>
 * A stream reports usage in {@code message_start} and again, cumulatively, in {@code message_delta}:
 * a later count of a field replaces the earlier one. Not thread-safe: one per response or stream.
 */
final class UsageTally {

    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private boolean reported;

    /** Takes the counts present in an Anthropic {@code usage} object; ignores anything else. */
    void add(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        reported = true;
        input = count(usage, "input_tokens", input);
        output = count(usage, "output_tokens", output);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheWrite = count(usage, "cache_creation_input_tokens", cacheWrite);
    }

    Usage usage() {
        if (!reported) {
            return Usage.NONE;
        }
        return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0, true);
    }

    /** The usage as OpenAI reports it: {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}, cached tokens. */
    ObjectNode toOpenAi() {
        Usage usage = usage();
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        return node;
    }

    /** The usage of a complete Anthropic message, read without building a tree of its content. */
    static Usage fromMessage(byte[] body) {
        UsageTally tally = new UsageTally();
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Usage.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                    tally.add(Json.MAPPER.readTree(parser));
                    return tally.usage();
                }
                parser.skipChildren(); // content and the rest: tokenised, never materialised
            }
            return Usage.NONE;
        } catch (IOException | RuntimeException malformed) {
            return Usage.NONE;
        }
    }

    private static long count(JsonNode usage, String field, long previous) {
        JsonNode node = usage.get(field);
        return node != null && node.canConvertToLong() && node.isNumber() ? Math.max(0, node.asLong()) : previous;
    }
}
