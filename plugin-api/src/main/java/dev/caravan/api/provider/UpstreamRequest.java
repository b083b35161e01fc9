package dev.caravan.api.provider;

import java.net.URI;
import java.util.Map;

/**
 * What the platform sends upstream on an adapter's behalf. The platform owns the connection,
 * pooling, timeouts and retries; the adapter only describes the request.
 *
 * <p>Header values may carry credentials: the platform never logs or stores them.
 */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }

    public static UpstreamRequest postJson(URI uri, Map<String, String> headers, byte[] body) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.putIfAbsent("content-type", "application/json");
        return new UpstreamRequest("POST", uri, h, body);
    }
}
