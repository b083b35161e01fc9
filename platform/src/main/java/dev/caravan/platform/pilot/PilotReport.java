package dev.caravan.platform.pilot;

import java.util.List;

/**
 * What a pilot found: steps 4–6 and the decision. Serialized as the JSON note (snake_case fields);
 * holds no secret.
 *
 * @param decision {@code go} or {@code no-go}
 * @param reasons  why not, one line each (empty for a go)
 */
public record PilotReport(PilotPlan plan, String startedAt, String target, Transport transport, List<Capability> capabilities,
        Finance finance, Quota quota, String decision, List<String> reasons) {

    /**
     * One request the pilot made with the candidate key.
     *
     * @param step      {@code transport}, {@code bad_request} or a capability name
     * @param traceId   the answer's {@code x-caravan-trace-id}, null when there is none
     * @param requestId the answer's {@code x-request-id}, null when there is none
     * @param promptTokens     from the answer's usage, null when it reports none
     * @param images    images in the answer (image generation)
     */
    public record Call(String step, String endpoint, String model, int status, double latencyMs, String traceId, String requestId,
            String servedBy, Long promptTokens, Long completionTokens, int images, String error) {
    }

    /**
     * An error probe of step 4.
     *
     * @param format  {@code openai} ({@code {"error":{"message","type",…}}}), {@code anthropic}, or {@code other}
     */
    public record Probe(String sent, int status, String format, String message, boolean pass) {
    }

    public record Transport(List<Call> calls, int ok, double minMs, double medianMs, double maxMs, Probe badRequest, Probe badKey,
            boolean pass) {
    }

    /**
     * @param verdict {@code pass}, {@code fail} or {@code unsupported}
     * @param detail  for a pass what was checked, else the exact error (status and message)
     */
    public record Capability(String name, String model, String verdict, String detail) {
    }

    /**
     * One receipt checked in step 6.
     *
     * @param recomputedUsd the price row's arithmetic on the receipt's tokens, null when not recomputed
     */
    public record ReceiptCheck(String traceId, String step, boolean found, String priceId, String costUsd, String recomputedUsd,
            boolean pass, String detail) {
    }

    /**
     * @param verdict {@code pass}, {@code fail} or {@code not applicable}
     * @param reason  why not applicable, or the first failure
     * @param usage   where the usage shows up (the admin usage report's row), null when not applicable
     */
    public record Finance(String verdict, String reason, List<ReceiptCheck> receipts, String usage) {
    }

    /** Rate-limit headers the candidate sent ({@code x-ratelimit-*}, {@code retry-after}), as seen on the last answer carrying them. */
    public record Quota(List<String> headersSeen) {
    }
}
