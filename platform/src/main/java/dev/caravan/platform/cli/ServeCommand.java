package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.server.Gateway;
import dev.caravan.platform.server.ListenException;
import dev.caravan.platform.server.RouteFileException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code caravan serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the gateway. Exit code 2 means the configuration or a route file is invalid.",
                "SIGTERM or SIGINT drains in-flight requests (server.drain_timeout_ms), then exits 0."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = System.err;
        CaravanConfig loaded;
        Gateway gateway;
        try {
            loaded = config.load();
            gateway = Gateway.start(loaded, config.chosenFile());
        } catch (ConfigException e) {
            Path file = config.chosenFile();
            err.println("caravan: invalid configuration" + (file == null ? "" : " in " + file) + ":");
            e.problems().forEach(p -> err.println("  " + p));
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (RouteFileException e) {
            err.println("caravan: invalid route file: " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (ListenException e) {
            err.println("caravan: " + e.getMessage());
            return 1;
        }
        // SIGTERM/SIGINT: drain, then exit 0 (docs/operations.md#shutdown).
        ShutdownSignals stopped = ShutdownSignals.install(gateway::drainAndClose, gateway::cutDrainShort);
        System.out.println("Caravan listening on " + gateway.baseUrl() + "  (OpenAI base URL: " + gateway.baseUrl() + "/v1)");
        if (gateway.activeKeys() == 0) {
            System.out.println("No virtual key exists yet. Create one with:");
            System.out.println("  caravan keys create --name dev --tenant default" + configHint());
            System.out.println("or list bootstrap keys under 'keys:' in the configuration.");
        }
        stopped.await();
        return 0;
    }

    private String configHint() {
        Path file = config.chosenFile();
        return file == null ? "" : " --config " + file;
    }
}
