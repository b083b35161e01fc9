package dev.caravan.platform.storage;

import java.time.Instant;

/**
 * A Responses API object the gateway stored ({@code store} not false, content logging allowed),
 * with the request's input items; both as JSON text.
 */
public record StoredResponse(String traceId, String responseId, String tenantId, String keyId, Instant receivedAt,
        String responseBody, String inputItems) {

    /** Characters held, for the bounds on what is stored and what waits to be written. */
    public long size() {
        return (long) responseBody.length() + inputItems.length();
    }
}
