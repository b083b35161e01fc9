package dev.caravan.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one row of the fault matrix must produce, derived from the rules in docs/routing.md: a
 * failure worth another go is retried once, then falls back where the strategy has somewhere to
 * go, else it is the client's answer; a client's 4xx goes straight back; a stream that failed
 * after its first byte stays with its target. Attempts are compared as one line each, e.g.
 * {@code mock/503-fallback-a#1 status=503 error=http 503 decision=retry: status 503 via=fallback-503(fallback)}.
 */
record MatrixOutcome(Fault fault, MatrixStrategy strategy) {

    String failingLabel() {
        return fault.provider + "/" + strategy.failingModel(fault);
    }

    String healthyLabel() {
        return "mock/" + strategy.healthyModel(fault);
    }

    /** {@code provider/model} that served the client, or null when the client got an error. */
    String servedBy() {
        if (fault.committedStream()) {
            return failingLabel();
        }
        return fault.retryable() && strategy.fallsBack() ? healthyLabel() : null;
    }

    /** The receipt's attempts, one line each. */
    List<String> attempts() {
        String a = failingLabel();
        if (fault.committedStream()) {
            return List.of(line(a, 1, 200, fault.errorClass, "served"));
        }
        if (!fault.retryable()) {
            return List.of(line(a, 1, fault.upstreamStatus, fault.errorClass, "failed: " + fault.reason()));
        }
        List<String> out = new ArrayList<>();
        out.add(line(a, 1, fault.upstreamStatus, fault.errorClass, "retry: " + fault.reason()));
        out.add(line(a, 2, fault.upstreamStatus, fault.errorClass, (strategy.fallsBack() ? "fallback: " : "failed: ") + fault.reason()));
        if (strategy.fallsBack()) {
            out.add(line(healthyLabel(), 1, 200, "-", "served"));
        }
        return out;
    }

    /** Upstream calls sent to the failing target ({@code x-caravan-attempts} counts these and the healthy one's). */
    int failingTries() {
        return fault.retryable() ? 2 : 1;
    }

    /** The receipt's and the response's final status. */
    int status() {
        return servedBy() != null ? 200 : fault.clientStatus;
    }

    /** The receipt's {@code error_type}: null when served cleanly. */
    String errorType() {
        if (fault.committedStream()) {
            return "upstream_stream_error";
        }
        return servedBy() != null ? null : fault.clientType;
    }

    private String line(String label, int attempt, int status, String errorClass, String decision) {
        return label + "#" + attempt + " status=" + status + " error=" + errorClass + " decision=" + decision
                + " via=" + String.join(" > ", strategy.via(fault));
    }

    /** The same line for a receipt attempt; the error is reduced to its class (the detail may name OS messages). */
    static String line(JsonNode attempt) {
        List<String> via = new ArrayList<>();
        attempt.get("via").forEach(v -> via.add(v.asText()));
        return attempt.get("provider").asText() + "/" + attempt.get("model").asText() + "#" + attempt.get("attempt").asInt()
                + " status=" + attempt.get("status").asInt() + " error=" + errorClass(attempt.get("error"))
                + " decision=" + attempt.get("decision").asText() + " via=" + String.join(" > ", via);
    }

    private static String errorClass(JsonNode error) {
        if (error == null || error.isNull()) {
            return "-";
        }
        String text = error.asText();
        int colon = text.indexOf(':');
        return text.startsWith("http ") || colon < 0 ? text : text.substring(0, colon);
    }

    @Override
    public String toString() {
        return fault.id + " x " + strategy.id();
    }
}
