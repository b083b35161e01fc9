package dev.caravan.platform.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * How many images an image-generation answer holds (its top-level {@code data} array), for price
 * rows that bill per image. A token scan: the images themselves (base64, megabytes) are skipped,
 * never turned into strings.
 */
public final class GeneratedImages {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private GeneratedImages() {}

    /** The number of entries of {@code data}, or 0 when the answer has none or is not an object. */
    public static long count(byte[] answer) {
        try (JsonParser parser = FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("data") && value == JsonToken.START_ARRAY) {
                    long images = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        images++;
                    }
                    return images;
                }
                parser.skipChildren();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
