package dev.caravan.platform.bill;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A {@link Bill} as Markdown for the approver, or as CSV (RFC 4180) for a spreadsheet. Amounts are plain exact decimals. */
public final class BillText {

    static final List<String> CSV_HEADER = List.of("line", "provider", "model", "price_row", "requests", "retry_calls",
            "fallback_calls", "images", "input_tokens", "output_tokens", "cost_usd");

    private BillText() {}

    public static String markdown(Bill bill) {
        BillScenario s = bill.scenario();
        StringBuilder md = new StringBuilder();
        md.append("# Monthly cost estimate: ").append(s.name()).append("\n\n");
        md.append("- Approver: ").append(s.approver()).append("\n");
        md.append("- Source: ").append(s.source()).append("\n");
        md.append("- Prices: pricing catalog ").append(bill.catalogVersion()).append(", rows in force on ").append(s.priceDate())
                .append(" (exact list prices per million tokens; check them against your contract)\n");
        md.append("- Traffic: ").append(s.monthlyRequests().toPlainString()).append(" requests a month, retry rate ")
                .append(s.retryRate().toPlainString()).append(" (each extra try priced as a full call), fallback rate ")
                .append(s.fallbackRate().toPlainString()).append(" (each fallback try priced at its target's row)\n\n");
        md.append("| line | model | price row | requests | retry calls | fallback calls | images | input tokens | output tokens | cost (USD) |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Bill.Line l : bill.lines()) {
            md.append("| ").append(l.kind()).append(" | ").append(BillCalculator.key(l.provider(), l.model())).append(" | ")
                    .append(l.priceId() == null ? "(no price row)" : l.priceId()).append(" | ").append(n(l.requests())).append(" | ")
                    .append(n(l.retryCalls())).append(" | ").append(n(l.fallbackCalls())).append(" | ").append(n(l.images()))
                    .append(" | ").append(n(l.inputTokens())).append(" | ").append(n(l.outputTokens())).append(" | ")
                    .append(l.cost() == null ? "unpriced" : l.cost().toPlainString()).append(" |\n");
        }
        md.append("| **total** | | | | | | | | | **").append(bill.total().toPlainString()).append("** |\n\n");
        if (!bill.problems().isEmpty()) {
            md.append("Not in the total:\n\n");
            bill.problems().forEach(p -> md.append("- ").append(p).append("\n"));
            md.append("\n");
        }
        Bill.LogStorage st = bill.storage();
        md.append("## Log storage\n\n");
        md.append("| logging | rows a month | bytes per request | a month | kept (").append(st.retentionDays()).append(" days) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        md.append("| ").append(st.mode()).append(" | ").append(st.rowsPerMonth().toPlainString()).append(" | ").append(st.bytesPerRequest())
                .append(st.assumed() ? " (assumed)" : " (given)").append(" | ").append(bytes(st.bytesPerMonth())).append(" | ")
                .append(bytes(st.bytesKept())).append(" |\n\n");
        if (st.assumed()) {
            md.append("Assumed per request: a receipt row of ").append(BillCalculator.RECEIPT_BYTES).append(" bytes, plus a request-log entry of ")
                    .append(BillCalculator.LOG_METADATA_BYTES).append(" bytes (metadata_only), plus ").append(BillCalculator.LOG_BYTES_PER_TOKEN)
                    .append(" bytes per prompt and completion token (redacted, full); set logs.bytes_per_request to use your own figure.\n\n");
        }
        md.append("Approved by ").append(s.approver()).append(": ____________________  date: __________\n");
        return md.toString();
    }

    public static String csv(Bill bill) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", CSV_HEADER)).append("\r\n");
        for (Bill.Line l : bill.lines()) {
            row(out, List.of(l.kind(), nz(l.provider()), l.model(), nz(l.priceId()), n(l.requests()), n(l.retryCalls()),
                    n(l.fallbackCalls()), n(l.images()), n(l.inputTokens()), n(l.outputTokens()),
                    l.cost() == null ? "" : l.cost().toPlainString()));
        }
        row(out, List.of("total", "", "", "", "", "", "", "", "", "", bill.total().toPlainString()));
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        List<String> quoted = new ArrayList<>(cells.size());
        for (String cell : cells) {
            boolean needs = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
            quoted.add(needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        out.append(String.join(",", quoted)).append("\r\n");
    }

    private static String n(BigDecimal d) {
        return BillCalculator.plain(d).toPlainString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** {@code 1500000000 bytes (1.5 GB)}: exact bytes, and decimal gigabytes. */
    static String bytes(BigDecimal bytes) {
        return bytes.toPlainString() + " bytes (" + BillCalculator.plain(bytes.movePointLeft(9)).toPlainString() + " GB)";
    }
}
