package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.List;

/**
 * The evidence of one request: who asked, what was tried, what served it, what it used and how
 * long each part took. Written asynchronously; read by {@code GET /v1/receipts/{traceId}}.
 *
 * @param traceId            id returned in {@code x-caravan-trace-id}
 * @param tenantId           tenant of the calling key
 * @param keyId              id of the calling key (never the key)
 * @param endpoint           the public endpoint, e.g. {@code /v1/chat/completions}
 * @param requestedModel     the {@code model} the client sent (null if it sent none)
 * @param alias              the alias that resolved, or null
 * @param strategy           the alias's routing strategy, or null
 * @param stream             whether the client asked for a stream
 * @param status             HTTP status returned to the client
 * @param errorType          OpenAI error type when the request failed, else null
 * @param errorMessage       error message returned to the client, else null
 * @param servedBy           {@code provider/model} that served the request, or null
 * @param attempts           every upstream try, in order
 * @param promptTokens       prompt tokens reported by the provider
 * @param completionTokens   completion tokens reported by the provider
 * @param cachedTokens       cached prompt tokens
 * @param reasoningTokens    reasoning tokens
 * @param gatewayOverheadMs  time spent in the gateway itself (total minus upstream), ms
 * @param upstreamTtfbMs     upstream time to first byte of the serving attempt, ms, or null
 * @param upstreamMs         upstream time of the serving attempt until its last byte, ms, or null
 * @param totalMs            from request accepted to last byte sent, ms
 * @param receivedAt         when the request was accepted
 * @param completedAt        when the last byte was sent (or the request failed)
 */
public record Receipt(
        String traceId,
        String tenantId,
        String keyId,
        String endpoint,
        String requestedModel,
        String alias,
        String strategy,
        boolean stream,
        int status,
        String errorType,
        String errorMessage,
        String servedBy,
        List<Attempt> attempts,
        long promptTokens,
        long completionTokens,
        long cachedTokens,
        long reasoningTokens,
        double gatewayOverheadMs,
        Double upstreamTtfbMs,
        Double upstreamMs,
        double totalMs,
        Instant receivedAt,
        Instant completedAt) {

    public Receipt {
        attempts = List.copyOf(attempts);
    }

    /**
     * One upstream try, or one target passed over.
     *
     * @param provider  provider id
     * @param model     upstream model name
     * @param attempt   which try of this target it was (1 = first); 0 when it was skipped
     * @param status    upstream HTTP status, or 0 when no response arrived
     * @param latencyMs time until the attempt ended, ms
     * @param error     error class and detail when the attempt failed (e.g. {@code timeout: ...}), else null
     * @param decision  what the gateway did next: {@code served}, {@code retry: status 503},
     *                  {@code fallback: timeout}, {@code skipped: circuit open}, {@code failed: status 400},
     *                  {@code aborted: client disconnected}
     * @param via       the aliases and strategies that selected this target, outermost first
     */
    public record Attempt(String provider, String model, int attempt, int status, double latencyMs, String error,
            String decision, List<String> via) {

        public Attempt {
            via = via == null ? List.of() : List.copyOf(via);
        }
    }
}
