package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of a {@link Receipt}: snake_case names ({@code trace_id}, {@code latency_ms}),
 * ISO-8601 instants, nulls written out. Used for the {@code attempts} column, the spill file and
 * {@code GET /v1/receipts/{traceId}}, so all three agree.
 */
public final class ReceiptJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Spill files written by a newer version (more fields) still replay.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReceiptJson() {}

    /** The shared mapper. Thread-safe; do not reconfigure it (use {@code writer()}/{@code reader()} for variants). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
