package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** The columns the Markdown and CSV reports share, as text: money plain, absent figures empty. */
final class ReportColumns {

    static final List<String> HEADER = List.of("day", "model", "bill_tokens", "recorded_tokens", "token_drift", "token_drift_pct",
            "bill_cost_usd", "recorded_cost_usd", "cost_drift_usd", "cost_drift_pct", "requests", "flagged", "causes");

    private ReportColumns() {
    }

    static List<String> of(DriftRow row) {
        return List.of(row.day() == null ? "total" : row.day().toString(), row.model(), text(row.billTokens()),
                Long.toString(row.recordedTokens()), text(row.tokenDrift()), text(row.tokenDriftPct()), text(row.billCostUsd()),
                text(row.recorded().costUsd()), text(row.costDriftUsd()), text(row.costDriftPct()),
                Long.toString(row.recorded().requests()), row.flagged() ? "yes" : "no",
                row.causes().stream().map(DriftRow.Cause::id).collect(Collectors.joining(" ")));
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
