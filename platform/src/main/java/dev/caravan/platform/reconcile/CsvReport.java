package dev.caravan.platform.reconcile;

import java.util.List;
import java.util.stream.Collectors;

/** The reconciliation as RFC 4180 CSV: a header, one line per day and model, a total line. */
public final class CsvReport {

    private CsvReport() {
    }

    public static String write(Reconciliation.Report report) {
        StringBuilder out = new StringBuilder();
        line(out, ReportColumns.HEADER);
        report.rows().forEach(r -> line(out, ReportColumns.of(r)));
        line(out, ReportColumns.of(report.total()));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(cells.stream().map(CsvReport::quote).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String quote(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
