package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import dev.caravan.api.provider.ProviderError;
import dev.caravan.platform.routing.RateLimitCooldowns;
import dev.caravan.platform.upstream.AnswerTooLargeException;
import dev.caravan.platform.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Why a try failed, as routing needs it: whether another go is worth it, the receipt's labels, and
 * the error the client gets if it is the last failure.
 */
record Failure(int status, String reason, String error, boolean transport, Map<String, String> headers,
        GatewayException clientError) {

    static Failure http(int status, ProviderError translated, Map<String, String> headers) {
        return new Failure(status, "status " + status, "http " + status, false, headers,
                new GatewayException(translated.status(), translated.type(), translated.code(), translated.param(),
                        translated.message(), translated.passThroughBody(), null).fromUpstream());
    }

    static Failure transport(UpstreamFailure failure, String providerId, Duration timeout) {
        boolean timedOut = failure.kind() == UpstreamFailure.Kind.TIMEOUT;
        String message = "Provider '" + providerId + "' " + (timedOut
                ? "did not answer within " + timeout.toMillis() + " ms."
                : "could not be reached (" + failure.detail() + ").");
        return new Failure(0, failure.label(), failure.label() + ": " + failure.detail(), true, Map.of(),
                new GatewayException(failure.kind().status(), "api_error", timedOut ? "upstream_timeout" : "upstream_unreachable",
                        null, message));
    }

    /** The answer exceeded the provider's limit; it was not read past it. {@code status}: the upstream's. */
    static Failure tooLarge(int status, String providerId, AnswerTooLargeException e) {
        return new Failure(status, "response too large", "response_too_large: " + e.getMessage(), true, Map.of(),
                new GatewayException(502, "api_error", "upstream_response_too_large", null,
                        "Provider '" + providerId + "' sent an answer larger than " + e.limit() + " bytes (the provider's "
                                + e.setting() + "); it was not read past that limit."));
    }

    /** A 2xx whose body is not one whole JSON value (cut short, or not JSON): never passed on. */
    static Failure invalidAnswer(int status, String providerId) {
        return new Failure(status, "invalid response", "invalid_response: " + status + " body is not valid JSON", true,
                Map.of(), new GatewayException(502, "api_error", "upstream_invalid_response", null,
                        "Provider '" + providerId + "' answered " + status
                                + " with a body that is not valid JSON (cut short or malformed); it was not passed on."));
    }

    static Failure deadline(Duration deadline) {
        return new Failure(0, "deadline", "deadline", true, Map.of(), new GatewayException(504, "api_error",
                "deadline_exceeded", null, "The request did not complete within its deadline of " + deadline.toMillis() + " ms."));
    }

    /** @param untilHalfOpen when the earliest circuit lets a trial call through; null when unknown */
    static Failure circuitOpen(String alias, Duration untilHalfOpen) {
        Map<String, String> headers = untilHalfOpen == null ? Map.of() : Map.of("retry-after", seconds(untilHalfOpen));
        return new Failure(0, "circuit open", "circuit open", true, headers, new GatewayException(503, "api_error",
                "targets_unavailable", null, "Every target of '" + alias + "' is failing and paused (circuit open); retry shortly."));
    }

    /** Skipped while the upstream's 429 cooldown runs: the client gets a 429 too, with the time left and the upstream's rate-limit headers. */
    static Failure rateLimited(String alias, RateLimitCooldowns.Cooldown cooldown) {
        Map<String, String> headers = new LinkedHashMap<>(cooldown.rateLimitHeaders());
        String wait = seconds(cooldown.remaining());
        headers.put("retry-after", wait);
        return new Failure(429, "rate limited", "rate limited", false, Map.copyOf(headers), new GatewayException(429,
                "rate_limit_error", "rate_limit_exceeded", null, "The upstream of '" + alias
                        + "' is rate limiting requests (it answered 429); retry in " + wait + " s."));
    }

    /** Whole seconds, rounded up and at least 1: {@code Retry-After} has no fractions, and 0 invites a retry storm. */
    private static String seconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    boolean rateLimitSkip() {
        return "rate limited".equals(reason);
    }

    long retryAfterSeconds() {
        String value = headers.get("retry-after");
        return value == null ? Long.MAX_VALUE : Long.parseLong(value);
    }

    /** Connect errors and timeouts always are; an HTTP status is when the alias lists it. */
    boolean retryable(Set<Integer> onStatus) {
        return transport || onStatus.contains(status);
    }

    String retryAfter() {
        return headers.get("retry-after");
    }

    GatewayException toException() {
        return clientError;
    }
}
