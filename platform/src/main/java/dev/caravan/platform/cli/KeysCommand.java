package dev.caravan.platform.cli;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.storage.DuplicateKeyNameException;
import dev.caravan.platform.storage.KeyHashing;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.Storage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caravan keys}: manage virtual keys in the configured storage. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage virtual keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'caravan keys create' or 'caravan keys revoke'; see 'caravan keys --help'.");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a virtual key and print it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--name", required = true, description = "Unique name of the key.")
        String name;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id (created if missing). Default: ${DEFAULT-VALUE}.")
        String tenant;

        @Option(names = "--models", split = ",", description = "Aliases the key may use (default: all).")
        List<String> models = List.of();

        @Override
        public Integer call() {
            Optional<CaravanConfig> loaded = config.loadOrReport();
            if (loaded.isEmpty()) {
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            String key = KeyHashing.newKey();
            try (Storage storage = Storage.open(loaded.get().storage())) {
                new KeyRepository(storage.jdbi()).create(name, tenant, KeyHashing.hash(key), models);
            } catch (DuplicateKeyNameException e) {
                System.err.println("caravan: a key named '" + name + "' already exists");
                return 1;
            }
            System.out.println(key);
            System.err.println("Created key '" + name + "' for tenant '" + tenant + "'. It is shown only now; store it safely.");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a virtual key by name.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--name", required = true, description = "Name of the key to revoke.")
        String name;

        @Override
        public Integer call() {
            Optional<CaravanConfig> loaded = config.loadOrReport();
            if (loaded.isEmpty()) {
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            try (Storage storage = Storage.open(loaded.get().storage())) {
                if (!new KeyRepository(storage.jdbi()).revoke(name)) {
                    System.err.println("caravan: no key named '" + name + "'");
                    return 1;
                }
            }
            System.err.println("Revoked key '" + name + "'. Gateways stop accepting it within 30 seconds.");
            return 0;
        }
    }
}
