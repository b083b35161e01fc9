package dev.caravan.plugins.openai;

import dev.caravan.api.provider.OpenAiUsage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.caravan.api.Usage;
import java.io.IOException;

/**
 * What the stream translator needs to know about one {@code chat.completion.chunk}: the usage it
 * carries (if any) and whether it has no choices. Read in one pass with the streaming parser,
 * without building a tree of the chunk; chunks that cannot carry usage are not parsed at all.
 *
 * @param usage   the chunk's non-null {@code usage}, or {@link Usage#NONE}
 * @param noChoices whether {@code choices} is empty or missing
 */
record ChunkFacts(Usage usage, boolean noChoices) {

    static final ChunkFacts ORDINARY = new ChunkFacts(Usage.NONE, false);

    /** A usage-only chunk: the one OpenAI appends when {@code include_usage} is set. */
    boolean isUsageOnly() {
        return usage.reported() && noChoices;
    }

    static ChunkFacts of(String data) {
        if (!data.contains("\"usage\"")) {
            return ORDINARY; // cheap: without a usage key it is an ordinary chunk for us
        }
        try (JsonParser parser = Json.FACTORY.createParser(data)) {
            return read(parser);
        } catch (IOException | RuntimeException malformed) {
            return ORDINARY; // not ours to judge: the event is forwarded as it came
        }
    }

    private static ChunkFacts read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return ORDINARY;
        }
        Usage usage = Usage.NONE;
        boolean noChoices = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                usage = OpenAiUsage.fromNode(Json.MAPPER.readTree(parser));
            } else if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
                noChoices = parser.nextToken() == JsonToken.END_ARRAY;
                skipRestOfArray(parser, noChoices);
            } else {
                parser.skipChildren();
            }
        }
        return new ChunkFacts(usage, noChoices);
    }

    /** After the first token inside an array: skips to (and including) the array's end. */
    private static void skipRestOfArray(JsonParser parser, boolean alreadyAtEnd) throws IOException {
        if (alreadyAtEnd) {
            return;
        }
        parser.skipChildren(); // the first element, if it is an object or array
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
        }
    }
}
