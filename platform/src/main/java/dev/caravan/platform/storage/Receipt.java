package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
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
 * @param cacheWriteTokens   prompt tokens written to the provider's cache
 * @param costUsd            exact cost in USD, written as a JSON string so no client reads it as a
 *                           float; null when {@code pricing} is {@code unpriced}
 * @param priceId            the price row used ({@code openai/gpt-4o-mini@2024-07-18}), or null
 * @param pricing            {@code priced}; {@code unpriced} (served, but no price row: never a silent
 *                           zero); {@code none} (nothing was served, so nothing is owed)
 * @param decisions          what the pipeline's policy stages decided, in order (budgets, rate limits,
 *                           tenant policies, guardrails)
 * @param node               the gateway node that served the request ({@code server.node_id}); omitted
 *                           from the JSON when unknown (receipts stored before schema 0010), so their
 *                           chained JSON is unchanged
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
        Instant completedAt,
        long cacheWriteTokens,
        @JsonSerialize(using = PlainDecimal.class) BigDecimal costUsd,
        String priceId,
        String pricing,
        List<Decision> decisions,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String node) {

    public static final String PRICED = "priced";
    public static final String UNPRICED = "unpriced";
    public static final String NOTHING_SERVED = "none";

    public Receipt {
        attempts = List.copyOf(attempts);
        pricing = pricing == null ? NOTHING_SERVED : pricing;
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** A receipt whose node is not known yet (stamped by the writer, {@link #servedOn}). */
    public Receipt(String traceId, String tenantId, String keyId, String endpoint, String requestedModel, String alias,
            String strategy, boolean stream, int status, String errorType, String errorMessage, String servedBy,
            List<Attempt> attempts, long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
            double gatewayOverheadMs, Double upstreamTtfbMs, Double upstreamMs, double totalMs, Instant receivedAt,
            Instant completedAt, long cacheWriteTokens, BigDecimal costUsd, String priceId, String pricing,
            List<Decision> decisions) {
        this(traceId, tenantId, keyId, endpoint, requestedModel, alias, strategy, stream, status, errorType, errorMessage,
                servedBy, attempts, promptTokens, completionTokens, cachedTokens, reasoningTokens, gatewayOverheadMs,
                upstreamTtfbMs, upstreamMs, totalMs, receivedAt, completedAt, cacheWriteTokens, costUsd, priceId, pricing,
                decisions, null);
    }

    /** A receipt before pricing: nothing owed yet. */
    public Receipt(String traceId, String tenantId, String keyId, String endpoint, String requestedModel, String alias,
            String strategy, boolean stream, int status, String errorType, String errorMessage, String servedBy,
            List<Attempt> attempts, long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
            double gatewayOverheadMs, Double upstreamTtfbMs, Double upstreamMs, double totalMs, Instant receivedAt,
            Instant completedAt) {
        this(traceId, tenantId, keyId, endpoint, requestedModel, alias, strategy, stream, status, errorType, errorMessage,
                servedBy, attempts, promptTokens, completionTokens, cachedTokens, reasoningTokens, gatewayOverheadMs,
                upstreamTtfbMs, upstreamMs, totalMs, receivedAt, completedAt, 0, BigDecimal.ZERO, null, NOTHING_SERVED, List.of());
    }

    /** This receipt with its cache-write tokens and cost filled in. */
    public Receipt priced(long cacheWrites, BigDecimal usd, String price, String pricingStatus) {
        return new Receipt(traceId, tenantId, keyId, endpoint, requestedModel, alias, strategy, stream, status, errorType,
                errorMessage, servedBy, attempts, promptTokens, completionTokens, cachedTokens, reasoningTokens,
                gatewayOverheadMs, upstreamTtfbMs, upstreamMs, totalMs, receivedAt, completedAt, cacheWrites, usd, price,
                pricingStatus, decisions, node);
    }

    /** This receipt as served by {@code nodeId}. */
    public Receipt servedOn(String nodeId) {
        return new Receipt(traceId, tenantId, keyId, endpoint, requestedModel, alias, strategy, stream, status, errorType,
                errorMessage, servedBy, attempts, promptTokens, completionTokens, cachedTokens, reasoningTokens,
                gatewayOverheadMs, upstreamTtfbMs, upstreamMs, totalMs, receivedAt, completedAt, cacheWriteTokens, costUsd,
                priceId, pricing, decisions, nodeId);
    }

    /** This receipt with the policy stages' decisions. */
    public Receipt withDecisions(List<Decision> madeDecisions) {
        return new Receipt(traceId, tenantId, keyId, endpoint, requestedModel, alias, strategy, stream, status, errorType,
                errorMessage, servedBy, attempts, promptTokens, completionTokens, cachedTokens, reasoningTokens,
                gatewayOverheadMs, upstreamTtfbMs, upstreamMs, totalMs, receivedAt, completedAt, cacheWriteTokens, costUsd,
                priceId, pricing, madeDecisions, node);
    }

    /**
     * One decision of a policy stage about this request, for the evidence trail.
     *
     * @param stage   the deciding stage: {@code budget}, {@code rate_limit}, {@code policy},
     *                {@code guardrail:request}, {@code guardrail:response}
     * @param id      which budget, limit, policy or guardrail decided (its configured name or id)
     * @param outcome what it decided, e.g. {@code allow}, {@code deny}, {@code modify}, {@code warn},
     *                {@code redact}, {@code reserved}, {@code settled}, {@code released}
     * @param detail  why, or the amounts involved; safe to show the caller (never a secret or a
     *                sensitive match); may be null
     */
    public record Decision(String stage, String id, String outcome, String detail) {}

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
