package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.pilot.PilotFile;
import dev.caravan.platform.pilot.PilotNote;
import dev.caravan.platform.pilot.PilotPlan;
import dev.caravan.platform.pilot.PilotReport;
import dev.caravan.platform.pilot.PilotRun;
import dev.caravan.platform.pricing.PricingCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan pilot}: the seven-step pilot against any OpenAI-compatible base URL, and its
 * go/no-go note ({@code pilot-note.md}, {@code pilot-note.json}) in {@code --out}. Flags override
 * the pilot file. Exit 0: go; 1: no-go (the note says why); 2: bad pilot file or option.
 */
@Command(name = "pilot", mixinStandardHelpOptions = true,
        description = {"Run the seven-step adoption pilot against an OpenAI-compatible base URL and write the go/no-go note.",
                "Exit code 0: go; 1: no-go (note written, reasons listed); 2: bad pilot file or option (line and field named)."})
public final class PilotCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The pilot file (see docs/examples/pilot.yaml); flags override it.")
    Path file;

    @Option(names = "--base-url", paramLabel = "URL", description = "Candidate base URL, e.g. http://127.0.0.1:8080/v1 (candidate.base_url).")
    String baseUrl;

    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:CARAVAN_PILOT_KEY}",
            description = "Candidate API key (default: $CARAVAN_PILOT_KEY). Never written to the note.")
    String key;

    @Option(names = {"--alias", "--model"}, paramLabel = "MODEL", description = "Model or alias the calls ask for (candidate.alias).")
    String alias;

    @Option(names = "--calls", paramLabel = "N", description = "Transport calls for the latency range, 1 to 1000 (transport.calls, default 5).")
    Integer calls;

    @Option(names = "--require", paramLabel = "CAPABILITY", split = ",", description = "Capabilities that must pass for a go (capabilities.required).")
    List<String> require;

    @Option(names = "--capability-model", paramLabel = "CAPABILITY=MODEL", description = "The model one capability test asks for (capabilities.models).")
    Map<String, String> capabilityModels;

    @Option(names = "--admin-url", paramLabel = "URL", description = "The candidate Caravan's base URL for the receipt checks (finance.admin_url).")
    String adminUrl;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CARAVAN_ADMIN_TOKEN}",
            description = "Its admin token (default: $CARAVAN_ADMIN_TOKEN). Never written to the note.")
    String adminToken;

    @Option(names = "--workflow", paramLabel = "NAME", description = "The workflow under test (workflow.name).")
    String workflow;

    @Option(names = "--owner", paramLabel = "NAME", description = "Who owns the workflow (workflow.owner).")
    String owner;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The candidate gateway's caravan.yaml: its pricing: rows join the catalog the receipts are checked against.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "pilot-note", description = "Folder for pilot-note.md and pilot-note.json (default ./pilot-note).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            PilotPlan plan = withFlags(file == null ? PilotFile.empty() : readFile());
            PricingCatalog catalog = catalog();
            PilotReport report = PilotRun.run(plan, key, adminToken, catalog);
            String md = PilotNote.markdown(report);
            write(md, PilotNote.json(report));
            stdout.print(md);
            stdout.println();
            stdout.println("wrote " + out.resolve("pilot-note.md") + " and " + out.resolve("pilot-note.json") + ": " + report.decision());
            stdout.flush();
            return report.decision().equals("go") ? 0 : 1;
        } catch (CliFailure e) {
            stdout.flush();
            e.getMessage().lines().forEach(line -> err.println("caravan: " + line));
            err.flush();
            return e.exitCode();
        }
    }

    private PilotPlan readFile() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, file + ": cannot be read: " + e.getMessage());
        }
        PilotFile.Result read = PilotFile.read(text);
        if (read.plan() == null) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", read.problems().stream().map(p -> file + ": " + p).toList()));
        }
        return read.plan();
    }

    private PilotPlan withFlags(PilotPlan p) {
        List<String> problems = new ArrayList<>();
        PilotPlan.Candidate c = p.candidate();
        String base = baseUrl != null ? baseUrl : c.baseUrl();
        String model = alias != null ? alias : c.alias();
        if (base == null) {
            problems.add("--base-url: required (or candidate.base_url in the pilot file)");
        } else if (PilotFile.urlProblem(base) != null) {
            problems.add("--base-url: " + PilotFile.urlProblem(base));
        }
        if (model == null) {
            problems.add("--alias: required (or candidate.alias in the pilot file)");
        }
        if (key == null || key.isBlank()) {
            problems.add("--key: required (or set CARAVAN_PILOT_KEY)");
        }
        if (calls != null && (calls < 1 || calls > 1000)) {
            problems.add("--calls: must be from 1 to 1000, got " + calls);
        }
        String admin = adminUrl != null ? adminUrl : p.adminUrl();
        if (adminUrl != null && PilotFile.urlProblem(adminUrl) != null) {
            problems.add("--admin-url: " + PilotFile.urlProblem(adminUrl));
        }
        List<String> required = new ArrayList<>(p.required());
        for (String r : require == null ? List.<String>of() : require) {
            if (!PilotPlan.CAPABILITIES.contains(r)) {
                problems.add("--require: unknown capability '" + r + "' (known: " + String.join(", ", PilotPlan.CAPABILITIES) + ")");
            } else if (!required.contains(r)) {
                required.add(r);
            }
        }
        Map<String, String> models = new LinkedHashMap<>(p.capabilityModels());
        (capabilityModels == null ? Map.<String, String>of() : capabilityModels).forEach((cap, m) -> {
            if (!PilotPlan.CAPABILITIES.contains(cap)) {
                problems.add("--capability-model: unknown capability '" + cap + "' (known: " + String.join(", ", PilotPlan.CAPABILITIES) + ")");
            }
            models.put(cap, m);
        });
        if (!problems.isEmpty()) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", problems));
        }
        PilotPlan.Workflow w = new PilotPlan.Workflow(workflow != null ? workflow : p.workflow().name(),
                owner != null ? owner : p.workflow().owner(), p.workflow().description());
        PilotPlan.Candidate candidate = new PilotPlan.Candidate(base, c.keyOwner(), model, c.endpointFamily(), c.expectedPriceRow(), c.retry());
        return new PilotPlan(w, p.current(), candidate, calls != null ? calls : p.calls(), models, required, admin, p.note());
    }

    private PricingCatalog catalog() {
        if (config == null) {
            return PricingCatalog.withShipped(List.of());
        }
        if (!Files.isRegularFile(config)) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--config: file not found: " + config);
        }
        try {
            CaravanConfig loaded = ConfigLoader.load(config, System.getenv(), ConfigOption.home());
            return PricingCatalog.withShipped(loaded.pricing(), loaded.pricingImports());
        } catch (ConfigException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, String.join("\n", e.problems()));
        }
    }

    private void write(String md, String json) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("pilot-note.md"), md, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("pilot-note.json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--out: cannot write the note to " + out + ": " + e.getMessage());
        }
    }
}
