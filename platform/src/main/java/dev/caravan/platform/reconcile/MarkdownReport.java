package dev.caravan.platform.reconcile;

import java.util.List;

/** The reconciliation as a Markdown table, totals last, then each flagged row's causes spelled out. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String write(Reconciliation.Report report) {
        StringBuilder out = new StringBuilder();
        out.append("# Reconciliation: ").append(report.provider()).append(", ").append(report.from()).append(" to ")
                .append(report.to()).append("\n\n");
        out.append("Bill format: ").append(report.format()).append("; tolerance ").append(report.tolerancePct().toPlainString())
                .append("%; ").append(report.flaggedRows()).append(" of ").append(report.rows().size())
                .append(" row(s) beyond it.\n\n");
        line(out, ReportColumns.HEADER);
        line(out, ReportColumns.HEADER.stream().map(h -> "---").toList());
        report.rows().forEach(r -> line(out, ReportColumns.of(r)));
        line(out, ReportColumns.of(report.total()));
        boolean any = false;
        for (DriftRow row : report.rows()) {
            for (DriftRow.Cause cause : row.causes()) {
                if (!any) {
                    out.append("\n## Causes\n\n");
                    any = true;
                }
                out.append("- ").append(row.day()).append(' ').append(escape(row.model())).append(": **").append(cause.id())
                        .append("**: ").append(escape(cause.detail())).append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(c -> out.append(' ').append(escape(c)).append(" |"));
        out.append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
