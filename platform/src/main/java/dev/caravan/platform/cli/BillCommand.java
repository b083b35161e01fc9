package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.bill.Bill;
import dev.caravan.platform.bill.BillCalculator;
import dev.caravan.platform.bill.BillScenario;
import dev.caravan.platform.bill.BillText;
import dev.caravan.platform.bill.ScenarioFile;
import dev.caravan.platform.bill.UsageScenario;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.TargetConfig;
import dev.caravan.platform.pricing.PricingCatalog;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.StorageException;
import dev.caravan.platform.storage.UsageQuery;
import dev.caravan.platform.storage.UsageRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan bill}: a month's cost from a scenario file or from recorded usage, priced with the
 * pricing catalog (plus the {@code pricing:} rows of {@code --config}). Exit 0 with the estimate;
 * 2 when the scenario (or an option) is wrong, naming line and field; 1 when the gateway cannot answer.
 */
@Command(name = "bill", mixinStandardHelpOptions = true,
        description = {"Estimate a month's cost per model and in total from a scenario file or from recorded usage.",
                "Exit code 0: estimate printed; 1: the gateway or store could not answer; 2: bad scenario or option (line and field named)."})
public final class BillCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--scenario", paramLabel = "FILE", required = true, description = "The scenario YAML (see docs/examples/bill-scenario.yaml).")
        Path scenario;

        @Option(names = "--from-usage", paramLabel = "PERIOD", required = true,
                description = "Build the scenario from the usage of the last PERIOD, e.g. 30d (1d to 366d).")
        String fromUsage;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--csv", description = "Print CSV (one row per model line and a total row) instead of Markdown.")
    boolean csv;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "caravan.yaml: its pricing: rows and pricing_imports: join the catalog; with --from-usage and no --url, usage is read from its store.")
    Path config;

    @Option(names = "--url", paramLabel = "URL", description = "With --from-usage: the gateway whose admin API reports usage (default: $CARAVAN_URL, else http://127.0.0.1:8080, unless --config is given).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CARAVAN_ADMIN_TOKEN}", description = "Admin token (default: $CARAVAN_ADMIN_TOKEN).")
    String token;

    @Option(names = "--approver", paramLabel = "NAME", defaultValue = "(to be named)", description = "With --from-usage: who approves the estimate.")
    String approver;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            CaravanConfig loaded = config == null ? null : loadConfig();
            PricingCatalog catalog = loaded == null ? PricingCatalog.withShipped(List.of())
                    : PricingCatalog.withShipped(loaded.pricing(), loaded.pricingImports());
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            BillScenario scenario = source.scenario != null ? fromFile(today) : fromUsage(loaded, today);
            Bill bill = new BillCalculator(catalog).price(scenario);
            if (source.scenario != null && !bill.problems().isEmpty()) {
                throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", bill.problems().stream().map(p -> source.scenario + ": " + p).toList()));
            }
            out.print(csv ? BillText.csv(bill) : BillText.markdown(bill));
            out.flush();
            return 0;
        } catch (CliFailure e) {
            out.flush();
            e.getMessage().lines().forEach(line -> err.println("caravan: " + line));
            err.flush();
            return e.exitCode();
        }
    }

    private CaravanConfig loadConfig() {
        if (!Files.isRegularFile(config)) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--config: file not found: " + config);
        }
        try {
            return dev.caravan.platform.config.ConfigLoader.load(config, System.getenv(), ConfigOption.home());
        } catch (ConfigException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", e.problems()));
        }
    }

    private BillScenario fromFile(LocalDate today) {
        String text;
        try {
            text = Files.readString(source.scenario, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, source.scenario + ": cannot be read: " + e.getMessage());
        }
        ScenarioFile.Result read = ScenarioFile.read(text, source.scenario.toString(), today);
        if (read.scenario() == null) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", read.problems().stream().map(p -> source.scenario + ": " + p).toList()));
        }
        return read.scenario();
    }

    private BillScenario fromUsage(CaravanConfig loaded, LocalDate today) {
        int days = days(source.fromUsage);
        Instant until = Instant.now();
        Instant since = until.minus(Duration.ofDays(days));
        List<UsageScenario.ModelUsage> rows = new ArrayList<>();
        String from;
        if (loaded != null && url == null) {
            from = "the local store of " + config;
            try (Storage storage = Storage.open(loaded.storage())) {
                new UsageRepository(storage.jdbi())
                        .report(new UsageQuery(UsageQuery.GroupBy.MODEL, UsageQuery.Period.MONTH, since, until, null, null))
                        .forEach(r -> rows.add(new UsageScenario.ModelUsage(r.group(), r.requests(), r.promptTokens(),
                                r.completionTokens(), r.cachedTokens())));
            } catch (StorageException e) {
                throw new CliFailure(1, "cannot read usage from the store of " + config + ": " + e.getMessage());
            }
        } else {
            AdminApiOptions api = new AdminApiOptions();
            api.url = url != null ? url : System.getenv().getOrDefault("CARAVAN_URL", "http://127.0.0.1:8080");
            api.token = token;
            Map<String, String> query = new LinkedHashMap<>();
            query.put("group_by", "model");
            query.put("period", "month");
            query.put("since", since.toString());
            query.put("until", until.toString());
            JsonNode report = api.client().get("/usage", query);
            from = "GET " + api.url + "/admin/v1/usage";
            for (JsonNode r : report.path("data")) {
                rows.add(new UsageScenario.ModelUsage(r.path("group").asText(null), r.path("requests").asLong(),
                        r.path("prompt_tokens").asLong(), r.path("completion_tokens").asLong(), r.path("cached_tokens").asLong()));
            }
        }
        String described = "usage of " + since + " to " + until + " (" + days + " days) from " + from
                + "; retry and fallback rates and images are not in usage reports (0 here)";
        return UsageScenario.of(rows, days, loaded == null ? Map.of() : providers(loaded), approver, today, described,
                new BillScenario.LogLoad("metadata_only", 30, null));
    }

    static int days(String period) {
        if (period == null || !period.matches("\\d{1,3}d")) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--from-usage: must be a number of days such as 30d, got '" + period + "'");
        }
        int days = Integer.parseInt(period.substring(0, period.length() - 1));
        if (days < 1 || days > 366) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--from-usage: must be from 1d to 366d, got '" + period + "'");
        }
        return days;
    }

    /** Upstream model → the one provider the config's aliases serve it from (models served by several are left out). */
    static Map<String, String> providers(CaravanConfig config) {
        Map<String, Set<String>> seen = new HashMap<>();
        for (ModelAlias alias : config.models()) {
            for (TargetConfig target : alias.targets()) {
                if (!target.isAlias()) {
                    seen.computeIfAbsent(target.model(), m -> new HashSet<>()).add(target.provider());
                }
            }
        }
        Map<String, String> one = new HashMap<>();
        seen.forEach((model, providers) -> {
            if (providers.size() == 1) {
                one.put(model, providers.iterator().next());
            }
        });
        return one;
    }
}
