package dev.caravan.platform.cli;

import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PricingBinder;
import dev.caravan.platform.pricing.CatalogDiff;
import dev.caravan.platform.pricing.CatalogYaml;
import dev.caravan.platform.pricing.LiteLlmPriceMap;
import dev.caravan.platform.pricing.PricingCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan pricing}: price list tools. */
@Command(name = "pricing", mixinStandardHelpOptions = true, description = "Price list tools.",
        subcommands = PricingCommand.Import.class)
public final class PricingCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code caravan pricing import FILE}: reads a public price list, prints what it would change
     * against the shipped catalog and the import file, and with {@code --apply} writes the added and
     * changed rows, dated {@code --effective}, into the import file the gateway reads through
     * {@code pricing_imports:}. Exit 0 on success, 2 when the file or the options cannot be read.
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Show what a public price list changes against the catalog; write the changes with --apply.",
                    "Exit code 0: diff shown (and written with --apply); 2: the file or an option cannot be read."})
    public static final class Import implements Callable<Integer> {

        static final List<String> FORMATS = List.of("litellm");

        @Parameters(index = "0", paramLabel = "FILE", description = "The price list, e.g. LiteLLM's model_prices_and_context_window.json.")
        Path file;

        @Option(names = "--format", defaultValue = "litellm", paramLabel = "FORMAT", description = "Format of FILE (known: litellm; default litellm).")
        String format;

        @Option(names = "--apply", description = "Write the added and changed rows to --out (without it nothing is written).")
        boolean apply;

        @Option(names = "--out", defaultValue = "pricing-imports.yaml", paramLabel = "FILE",
                description = "The import file: read as part of the current catalog, written by --apply (default ./pricing-imports.yaml). List it under pricing_imports: in caravan.yaml.")
        Path out;

        @Option(names = "--effective", paramLabel = "DATE", description = "First UTC day the imported prices apply (default: today). Earlier requests keep the older price.")
        LocalDate effective;

        @Option(names = "--source", paramLabel = "TEXT", description = "Recorded as each row's source (default: the format, file name and today's date).")
        String source;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!FORMATS.contains(format)) {
                err.println("--format: unknown format '" + format + "' (known: " + String.join(", ", FORMATS) + ")");
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            if (!Files.isRegularFile(file)) {
                err.println(file + ": no such file");
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            LocalDate day = effective == null ? today : effective;
            String rowSource = source != null ? source
                    : "LiteLLM model price map (https://github.com/BerriAI/litellm, MIT), file " + file.getFileName() + ", imported " + today;
            LiteLlmPriceMap.Result read;
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read = LiteLlmPriceMap.read(in, day, rowSource);
            } catch (IOException e) {
                err.println(file + ": cannot be read: " + e.getMessage());
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            if (!read.problems().isEmpty()) {
                read.problems().forEach(p -> err.println(file + ": " + p));
                err.println(file + ": not a valid " + format + " price list (formats known: " + String.join(", ", FORMATS) + ")");
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            List<PriceRow> existing;
            String version;
            try {
                PricingBinder.Catalog kept = Files.isRegularFile(out) ? PricingBinder.catalogFile(out) : null;
                existing = kept == null ? List.of() : kept.rows();
                version = kept == null ? today.toString() : kept.version();
            } catch (ConfigException e) {
                e.problems().forEach(err::println);
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            List<PriceRow> current = PricingCatalog.merge(PricingBinder.shippedRows(), existing);
            CatalogDiff diff = CatalogDiff.between(current, read.rows(), day);
            stdout.println("import of " + file + " (" + format + "): " + read.rows().size() + " priced models of "
                    + read.entries() + " entries (" + read.skipped() + " skipped: other providers, or not priced per token or image)");
            stdout.print(diff.render(day));
            if (!apply) {
                stdout.println("nothing written: run again with --apply to write " + diff.rowsToApply().size() + " rows to " + out);
                stdout.flush();
                return 0;
            }
            List<PriceRow> rows = new ArrayList<>(PricingCatalog.merge(existing, diff.rowsToApply()));
            String text = CatalogYaml.write(today.toString().compareTo(version) > 0 ? today.toString() : version,
                    "Price rows imported by `caravan pricing import` (docs/pricing.md). Each row applies from its\n"
                            + "effective day; the shipped catalog's older rows stay in force before it. Keep this file and\n"
                            + "list it under pricing_imports: in caravan.yaml; restart the gateway to apply it.", rows);
            try {
                Path parent = out.toAbsolutePath().getParent();
                Path tmp = Files.createTempFile(parent, ".pricing-imports", ".yaml");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                err.println(out + ": cannot be written: " + e.getMessage());
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            stdout.println("wrote " + diff.rowsToApply().size() + " rows (" + rows.size() + " in all) to " + out
                    + ", effective " + day + "; list it under pricing_imports: in caravan.yaml and restart the gateway");
            stdout.flush();
            return 0;
        }
    }
}
