package dev.caravan.platform.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One stored request log: the bodies of a request as its tenant's logging mode allows (none in
 * {@code metadata_only} or under do-not-track). Metadata, tokens and cost are on the receipt with
 * the same trace id.
 *
 * @param mode        {@code metadata_only}, {@code redacted} or {@code full}, as in force at the time
 * @param doNotTrack  {@code header}, {@code key} or {@code tenant} when a do-not-track rule applied, else null
 * @param truncated   a body was longer than {@code logging.max_body_bytes} and was cut
 * @param redactions  what was masked, per kind (redactors' kinds, {@code secret} for credentials)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestLog(String traceId, String tenantId, String keyId, Instant receivedAt, String mode,
        String doNotTrack, String requestBody, String responseBody, boolean truncated, Map<String, Integer> redactions) {

    public RequestLog {
        redactions = redactions == null ? Map.of() : Map.copyOf(redactions);
    }
}
