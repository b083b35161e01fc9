package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.plugins.LoadedPlugin;
import dev.caravan.platform.plugins.PluginHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caravan plugins}: the PF4J plugins of a distribution, read locally. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Inspect the plugins folder.",
        subcommands = PluginsCommand.List.class)
public final class PluginsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Loads the plugins folder with the same host {@code serve} uses ({@link PluginHost}), so what
     * it lists is what a gateway started now would load; no server is needed. Exit 1 when some
     * plugin was rejected or failed.
     */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Every plugin: id, version, state, extension points, file; then the problems of those that did not load.",
                    "Exit code 0: all loaded; 1: some plugin has a problem; 2: the configuration cannot be read."})
    static final class List implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--plugins-dir", paramLabel = "DIR", description = "The plugins folder (default: plugins.dir of the configuration).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = dir;
            if (folder == null) {
                Optional<CaravanConfig> loaded = config.loadOrReport();
                if (loaded.isEmpty()) {
                    return CaravanCli.EXIT_BAD_CONFIG;
                }
                folder = loaded.get().plugins().dir();
            }
            try (PluginHost host = PluginHost.start(folder)) {
                Map<String, SortedSet<String>> points = host.extensionPoints();
                TextTable table = new TextTable("id", "version", "state", "extension_points", "file");
                for (LoadedPlugin p : host.plugins()) {
                    table.add(p.id(), p.version(), p.state(), String.join(",", points.getOrDefault(p.id(), new TreeSet<>())),
                            p.path().getFileName());
                }
                out.println("Plugins in " + folder.toAbsolutePath().normalize() + ":");
                if (table.size() == 0) {
                    out.println("(none)");
                } else {
                    table.printText(out);
                }
                if (!host.problems().isEmpty()) {
                    out.println("Problems:");
                    host.problems().forEach(problem -> out.println("  " + problem));
                }
                out.flush();
                return host.problems().isEmpty() ? 0 : 1;
            }
        }
    }
}
