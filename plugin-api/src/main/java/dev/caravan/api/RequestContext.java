package dev.caravan.api;

import java.time.Instant;
import java.util.Map;

/**
 * Who is calling and what they asked for; fixed once the caller is authenticated.
 *
 * @param traceId        the id returned in {@code x-caravan-trace-id} and keyed by the receipt
 * @param tenantId       tenant of the virtual key
 * @param keyId          stable id of the virtual key (never the key itself)
 * @param keyName        operator-given name of the key
 * @param requestedModel the {@code model} the client sent
 * @param metadata       caller metadata (from {@code x-caravan-metadata}), never null
 * @param receivedAt     when the gateway accepted the request
 */
public record RequestContext(
        String traceId,
        String tenantId,
        String keyId,
        String keyName,
        String requestedModel,
        Map<String, String> metadata,
        Instant receivedAt) {

    public RequestContext {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
