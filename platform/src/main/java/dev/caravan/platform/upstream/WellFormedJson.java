package dev.caravan.platform.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Whether an upstream answer is one whole JSON value: a 200 whose body was cut short (a proxy that
 * dropped the rest, a provider that crashed mid-write) must not reach the client as if it were an
 * answer. A token scan, no tree: cheap next to the adapter's own parse.
 */
public final class WellFormedJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private WellFormedJson() {}

    public static boolean bytes(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            return wholeValue(parser);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static boolean text(String data) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            return wholeValue(parser);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code data} is one whole JSON value, collecting on the way the string values of the
     * fields that carry generated text in any provider's stream events (OpenAI's {@code content},
     * {@code arguments}, {@code refusal}, {@code reasoning_content}; Anthropic's {@code text},
     * {@code partial_json}, {@code thinking}; Responses' {@code delta}; Gemini's {@code text}).
     * The same token scan as {@link #text(String)}: the check already walks every token.
     */
    public static boolean text(String data, GeneratedText into) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            if (parser.nextToken() == null) {
                return false;
            }
            int depth = parser.currentToken().isStructStart() ? 1 : 0;
            boolean generated = false;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                if (token == JsonToken.FIELD_NAME) {
                    generated = GENERATED_FIELDS.contains(parser.currentName());
                    continue;
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (generated && token == JsonToken.VALUE_STRING) {
                    into.add(parser.getText());
                }
                generated = false;
            }
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final java.util.Set<String> GENERATED_FIELDS = java.util.Set.of(
            "content", "text", "delta", "arguments", "partial_json", "thinking", "reasoning_content", "refusal");

    private static boolean wholeValue(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return false;
        }
        parser.skipChildren();
        return parser.nextToken() == null;
    }
}
