package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A receipt ({@code /admin/v1/receipts} JSON) as text a person reads top to bottom: who called,
 * what was asked and how it resolved, every attempt with why the gateway moved on, tokens, cost
 * with its price row, the policy decisions and the timings. Fields the receipt does not have are
 * left out rather than printed empty.
 */
final class ReceiptText {

    private ReceiptText() {}

    static String of(JsonNode r) {
        List<String> lines = new ArrayList<>();
        lines.add("Receipt   " + r.path("trace_id").asText() + "  " + r.path("endpoint").asText() + "  status "
                + r.path("status").asInt() + (r.path("stream").asBoolean() ? "  (stream)" : ""));
        lines.add("Caller    tenant " + r.path("tenant_id").asText() + ", key " + r.path("key_id").asText());
        lines.add("Model     asked " + text(r, "requested_model", "(none)") + " -> alias " + text(r, "alias", "(none)")
                + (r.hasNonNull("strategy") ? " (" + r.path("strategy").asText() + ")" : ""));
        lines.add("Served by " + text(r, "served_by", "nothing"));
        if (r.hasNonNull("error_type")) {
            lines.add("Error     " + r.path("error_type").asText() + ": " + r.path("error_message").asText());
        }
        lines.add("Attempts  " + (r.path("attempts").isEmpty() ? "none" : ""));
        int n = 1;
        for (JsonNode a : r.path("attempts")) {
            lines.add(attempt(n++, a));
        }
        lines.add(String.format(Locale.ROOT, "Tokens    prompt %d, completion %d, cached %d, reasoning %d, cache writes %d",
                r.path("prompt_tokens").asLong(), r.path("completion_tokens").asLong(), r.path("cached_tokens").asLong(),
                r.path("reasoning_tokens").asLong(), r.path("cache_write_tokens").asLong()));
        lines.add("Cost      " + cost(r));
        lines.add("Decisions " + (r.path("decisions").isEmpty() ? "none" : ""));
        for (JsonNode d : r.path("decisions")) {
            lines.add("  " + d.path("stage").asText() + " " + d.path("id").asText() + ": " + d.path("outcome").asText()
                    + (d.hasNonNull("detail") ? " (" + d.path("detail").asText() + ")" : ""));
        }
        lines.add("Timings   total " + ms(r.path("total_ms")) + ", gateway " + ms(r.path("gateway_overhead_ms"))
                + (r.hasNonNull("upstream_ms") ? ", upstream " + ms(r.path("upstream_ms")) : "")
                + (r.hasNonNull("upstream_ttfb_ms") ? ", upstream first byte " + ms(r.path("upstream_ttfb_ms")) : ""));
        lines.add("At        received " + r.path("received_at").asText() + ", completed " + r.path("completed_at").asText());
        return String.join(System.lineSeparator(), lines);
    }

    private static String attempt(int n, JsonNode a) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %d. %s/%s", n, a.path("provider").asText(),
                a.path("model").asText()));
        int attempt = a.path("attempt").asInt();
        line.append(attempt == 0 ? " skipped" : " try " + attempt);
        line.append(a.path("status").asInt() == 0 ? ", no response" : ", status " + a.path("status").asInt());
        line.append(", ").append(ms(a.path("latency_ms")));
        line.append(" -> ").append(a.path("decision").asText());
        if (a.hasNonNull("error")) {
            line.append(" [").append(a.path("error").asText()).append(']');
        }
        if (!a.path("via").isEmpty()) {
            List<String> via = new ArrayList<>();
            a.path("via").forEach(v -> via.add(v.asText()));
            line.append(" via ").append(String.join(" > ", via));
        }
        return line.toString();
    }

    private static String cost(JsonNode r) {
        return switch (r.path("pricing").asText()) {
            case "priced" -> "USD " + r.path("cost_usd").asText() + " (price row " + r.path("price_id").asText() + ")";
            case "unpriced" -> "unpriced: served, but no price row matched " + text(r, "served_by", "");
            default -> "nothing owed: no target served the request";
        };
    }

    private static String ms(JsonNode value) {
        return String.format(Locale.ROOT, "%.1f ms", value.asDouble());
    }

    private static String text(JsonNode r, String field, String missing) {
        return r.hasNonNull(field) ? r.path(field).asText() : missing;
    }
}
