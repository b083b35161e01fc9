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

    private static boolean wholeValue(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return false;
        }
        parser.skipChildren();
        return parser.nextToken() == null;
    }
}
