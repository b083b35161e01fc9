package dev.caravan.plugins.anthropic;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The official SDKs' own models as judges of wire shapes: Anthropic's for what we send to and read
 * from Anthropic, OpenAI's for what chat clients receive. {@code validate()} fails on a missing
 * required field or a wrong type.
 */
final class Sdks {

    private Sdks() {}

    static <T> T anthropic(String json, Class<T> type) {
        try {
            return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T openAi(String json, Class<T> type) {
        try {
            return com.openai.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
