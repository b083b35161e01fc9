package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}, shared by commands. Without it: {@code ./caravan.yaml} if present, else
 * the built-in defaults. The Caravan home (for the default routes and plugins folders) is the
 * {@code caravan.home} system property the launcher sets, else the working directory.
 */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ./caravan.yaml if present, else built-in defaults).")
    Path file;

    public Path chosenFile() {
        if (file != null) {
            return file;
        }
        Path local = Path.of("caravan.yaml");
        return Files.isRegularFile(local) ? local : null;
    }

    public CaravanConfig load() {
        Path chosen = chosenFile();
        if (chosen != null && !Files.isRegularFile(chosen)) {
            throw new ConfigException("--config", "file not found: " + chosen);
        }
        return ConfigLoader.load(chosen, System.getenv(), home());
    }

    /** Loads the config, or prints each problem to stderr and returns empty (exit with code 2 then). */
    public java.util.Optional<CaravanConfig> loadOrReport() {
        try {
            return java.util.Optional.of(load());
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("caravan: " + p));
            return java.util.Optional.empty();
        }
    }

    public static Path home() {
        String home = System.getProperty("caravan.home");
        return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
    }
}
