package dev.caravan.plugins.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The plugin's one Jackson mapper (thread-safe once configured; configured here only). */
final class Json {

    /** Writes characters outside the BMP (emoji) as UTF-8, as clients send them, not as escaped surrogate pairs. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}
}
