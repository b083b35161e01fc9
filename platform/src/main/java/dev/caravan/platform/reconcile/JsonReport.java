package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** The reconciliation as one JSON document; money as plain-decimal strings, like receipts. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {
    }

    public static String write(Reconciliation.Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("provider", report.provider());
        root.put("bill_format", report.format());
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        root.put("tolerance_pct", report.tolerancePct().toPlainString());
        root.put("flagged_rows", report.flaggedRows());
        com.fasterxml.jackson.databind.node.ArrayNode rows = root.putArray("rows");
        report.rows().forEach(r -> row(rows.addObject(), r));
        row(root.putObject("total"), report.total());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void row(ObjectNode node, DriftRow r) {
        if (r.day() != null) {
            node.put("day", r.day().toString());
            node.put("model", r.model());
        }
        ObjectNode bill = node.putObject("bill");
        bill.put("tokens", r.billTokens());
        bill.put("cached_input_tokens", r.billCachedTokens());
        money(bill, "cost_usd", r.billCostUsd());
        ObjectNode recorded = node.putObject("recorded");
        recorded.put("requests", r.recorded().requests());
        recorded.put("tokens", r.recordedTokens());
        recorded.put("input_tokens", r.recorded().inputTokens());
        recorded.put("cached_input_tokens", r.recorded().cachedInputTokens());
        recorded.put("output_tokens", r.recorded().outputTokens());
        money(recorded, "cost_usd", r.recorded().costUsd());
        recorded.put("unpriced_requests", r.recorded().unpriced());
        node.put("token_drift", r.tokenDrift());
        money(node, "token_drift_pct", r.tokenDriftPct());
        money(node, "cost_drift_usd", r.costDriftUsd());
        money(node, "cost_drift_pct", r.costDriftPct());
        node.put("flagged", r.flagged());
        if (r.day() != null) {
            com.fasterxml.jackson.databind.node.ArrayNode causes = node.putArray("causes");
            r.causes().forEach(c -> causes.addObject().put("id", c.id()).put("detail", c.detail()));
        }
    }

    private static void money(ObjectNode node, String field, BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toPlainString());
        }
    }
}
