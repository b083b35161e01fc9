package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.reconcile.BadBill;
import dev.caravan.platform.reconcile.BillFormats;
import dev.caravan.platform.reconcile.BillRow;
import dev.caravan.platform.reconcile.CsvReport;
import dev.caravan.platform.reconcile.JsonReport;
import dev.caravan.platform.reconcile.MarkdownReport;
import dev.caravan.platform.reconcile.RecordedUsage;
import dev.caravan.platform.reconcile.Reconciliation;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan reconcile}: compares a provider's own usage or cost export with the receipts the
 * gateway stored, per UTC day and model. Exit 0 when every row is within the tolerance, 1 when some
 * row is beyond it, 2 when the bill, the dates or the configuration cannot be read.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare a provider's usage or cost export with the gateway's receipts, per UTC day and model.",
                "Exit code 0: every row within the tolerance; 1: some row beyond it; 2: the bill or the options cannot be read."})
public final class ReconcileCommand implements Callable<Integer> {

    enum Format { markdown, csv, json }

    @Option(names = "--provider", required = true, paramLabel = "ID", description = "The provider id in caravan.yaml whose receipts are compared.")
    String provider;

    @Option(names = "--bill", required = true, paramLabel = "FILE", description = "The provider's export. Known formats are recognised by their content.")
    Path bill;

    @Option(names = "--from", paramLabel = "DATE", description = "First UTC day compared (default: the bill's first day).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last UTC day compared, included (default: the bill's last day).")
    LocalDate to;

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT", description = "markdown (default), csv or json.")
    Format format;

    @Option(names = "--tolerance-pct", defaultValue = "1", paramLabel = "PCT", description = "Drift beyond this percentage of the bill is flagged (default 1).")
    BigDecimal tolerancePct;

    @Option(names = "--project", paramLabel = "ID", description = "Only bill lines of this provider project or workspace (the one the gateway's provider key belongs to).")
    String project;

    @Option(names = "--api-key-id", paramLabel = "ID", description = "Only bill lines of this provider API key id (the gateway's provider key).")
    String apiKeyId;

    @Mixin
    ConfigOption config;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (tolerancePct.signum() < 0) {
                throw new IllegalArgumentException("--tolerance-pct: must not be negative, got " + tolerancePct.toPlainString());
            }
            BillFormats.Bill read = BillFormats.read(text(bill));
            List<BillRow> rows = read.rows().stream()
                    .filter(r -> project == null || project.equals(r.project()))
                    .filter(r -> apiKeyId == null || apiKeyId.equals(r.apiKeyId()))
                    .toList();
            LocalDate first = from != null ? from : rows.stream().map(BillRow::day).min(LocalDate::compareTo).orElse(null);
            LocalDate last = to != null ? to : rows.stream().map(BillRow::day).max(LocalDate::compareTo).orElse(null);
            if (first == null || last == null) {
                throw new IllegalArgumentException("the bill has no lines" + (project != null || apiKeyId != null ? " for the project or key given" : "")
                        + ": give --from and --to to compare the receipts with an empty bill");
            }
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("--to " + last + " is before --from " + first);
            }
            CaravanConfig loaded = config.load();
            if (loaded.providers().stream().noneMatch(p -> p.id().equals(provider))) {
                // Not fatal: a provider removed from the config still has its receipts.
                err.println("caravan reconcile: warning: --provider " + provider + " is not a provider id in the configuration (known: "
                        + String.join(", ", loaded.providers().stream().map(p -> p.id()).toList()) + "); comparing the receipts stored under it");
            }
            Reconciliation.Report report;
            try (Storage storage = Storage.open(loaded.storage())) {
                report = Reconciliation.reconcile(provider, read.format(), first, last, tolerancePct, rows,
                        new RecordedUsage(storage.jdbi()).rows(provider, first, last));
            }
            out.print(switch (format) {
                case markdown -> MarkdownReport.write(report);
                case csv -> CsvReport.write(report);
                case json -> JsonReport.write(report);
            });
            out.flush();
            return report.flaggedRows() > 0 ? 1 : 0;
        } catch (BadBill e) {
            err.println("caravan reconcile: " + bill + ": " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (IllegalArgumentException e) {
            err.println("caravan reconcile: " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("caravan reconcile: " + p));
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (StorageException e) {
            err.println("caravan reconcile: " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (IOException e) {
            err.println("caravan reconcile: cannot read " + bill + ": " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        }
    }

    private static String text(Path file) throws IOException {
        if (Files.size(file) > BillFormats.MAX_BYTES) {
            throw new IllegalArgumentException("--bill " + file + ": larger than " + BillFormats.MAX_BYTES / (1024 * 1024)
                    + " MiB; export a shorter period");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
