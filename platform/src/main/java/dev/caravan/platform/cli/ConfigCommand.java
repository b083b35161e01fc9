package dev.caravan.platform.cli;

import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.config.LoggingRule;
import dev.caravan.platform.config.TenantConfig;
import dev.caravan.platform.plugins.PluginHost;
import dev.caravan.platform.policy.script.ScriptProviders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan config}: work on configuration files without a running gateway. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check configuration files.",
        subcommands = ConfigCommand.Validate.class)
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code caravan config validate FILE}: binds the file with the loader {@code serve} uses, then
     * (unless {@code --skip-plugins}) loads the plugins folder the file names, as {@code serve} does,
     * and checks that every provider plugin and log redactor it names is there.
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a configuration file as 'caravan serve' would load it, without starting anything.",
                    "Exit code 0: valid; 2: every problem printed with its path."})
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file.")
        Path file;

        @Option(names = "--skip-plugins", description = "Do not load the plugins folder (checks the file alone).")
        boolean skipPlugins;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> problems = new ArrayList<>();
            CaravanConfig config = null;
            try {
                config = ConfigLoader.load(file, System.getenv(), ConfigOption.home());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            int plugins = 0;
            if (config != null) {
                config.warnings().forEach(w -> err.println("caravan: warning: " + w));
                if (!skipPlugins) {
                    plugins = checkPlugins(config, problems, err);
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("caravan: " + p));
                err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
                err.flush();
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            out.println(file + ": valid (" + config.providers().size() + " providers, " + config.models().size() + " aliases, "
                    + config.keys().size() + " keys, " + config.budgets().size() + " budgets"
                    + (skipPlugins ? ", plugins not checked)" : ", " + plugins + " plugins loaded)"));
            out.flush();
            return 0;
        }

        /** The checks {@code serve} makes once its plugins are loaded; returns how many plugins started. */
        private static int checkPlugins(CaravanConfig config, List<String> problems, PrintWriter err) {
            try (PluginHost host = PluginHost.start(config.plugins().dir())) {
                host.problems().forEach(p -> err.println("caravan: warning: plugin not loaded: " + p));
                Set<String> providerKinds = new HashSet<>(host.providers().keySet());
                providerKinds.addAll(ScriptProviders.named(config));
                collect(problems, () -> ConfigLoader.checkPlugins(config, providerKinds));
                Set<String> redactors = new HashSet<>();
                host.extensions(LogRedactor.class).forEach(r -> redactors.add(r.id()));
                redactors.addAll(scriptRedactors(config)); // checked when the scripts load, as in serve
                collect(problems, () -> ConfigLoader.checkRedactors(config, redactors));
                return (int) host.plugins().stream().filter(p -> "STARTED".equals(p.state())).count();
            }
        }

        private static void collect(List<String> problems, Runnable check) {
            try {
                check.run();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }

        private static Set<String> scriptRedactors(CaravanConfig config) {
            Set<String> named = new HashSet<>(config.logging().defaultRedactors());
            for (LoggingRule rule : config.logging().rules()) {
                named.addAll(rule.redactors());
            }
            for (TenantConfig tenant : config.tenants()) {
                named.addAll(tenant.redactors());
            }
            named.removeIf(id -> !id.startsWith("script:"));
            return named;
        }
    }
}
