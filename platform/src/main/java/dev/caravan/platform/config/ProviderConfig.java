package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code providers[]} — one upstream account.
 *
 * @param id      name used by alias targets
 * @param plugin  provider adapter id (e.g. {@code openai})
 * @param baseUrl upstream base URL, without trailing slash
 * @param apiKey  upstream credential (may be empty, e.g. for a local vLLM)
 * @param timeout whole-response timeout (first byte for streams); default 60 s
 * @param headers extra headers sent upstream
 * @param options adapter-specific options (object; empty object when absent)
 * @param maxResponseBytes {@code max_response_bytes}: the largest answer read from this provider
 *                         when it is not relayed as a stream (error bodies and an SSE answer to a
 *                         non-streaming request too); default {@link #DEFAULT_MAX_RESPONSE_BYTES}
 * @param maxEventBytes    {@code max_event_bytes}: the largest single event of a relayed stream;
 *                         default {@link #DEFAULT_MAX_EVENT_BYTES}
 */
public record ProviderConfig(
        String id, String plugin, URI baseUrl, Secret apiKey, Duration timeout, Map<String, String> headers, JsonNode options,
        long maxResponseBytes, long maxEventBytes) {

    /** 32 MiB: far above any chat or embeddings answer, far below what hurts a 512 MiB heap. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L << 20;
    /** 1 MiB: one chunk of text or a tool call's arguments is a few KiB. */
    public static final long DEFAULT_MAX_EVENT_BYTES = 1L << 20;

    public ProviderConfig {
        headers = Map.copyOf(headers);
    }
}
