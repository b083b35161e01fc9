package dev.caravan.platform.pipeline;

import dev.caravan.api.provider.ProviderError;
import dev.caravan.platform.upstream.UpstreamFailure;
import java.time.Duration;
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

    static Failure deadline(Duration deadline) {
        return new Failure(0, "deadline", "deadline", true, Map.of(), new GatewayException(504, "api_error",
                "deadline_exceeded", null, "The request did not complete within its deadline of " + deadline.toMillis() + " ms."));
    }

    static Failure circuitOpen(String alias) {
        return new Failure(0, "circuit open", "circuit open", true, Map.of(), new GatewayException(503, "api_error",
                "targets_unavailable", null, "Every target of '" + alias + "' is failing and paused (circuit open); retry shortly."));
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
