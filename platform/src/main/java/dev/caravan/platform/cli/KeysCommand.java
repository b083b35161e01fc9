package dev.caravan.platform.cli;

import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.storage.AuditRepository;
import dev.caravan.platform.storage.KeyPrivacyRepository;
import dev.caravan.platform.storage.VirtualKey;
import java.time.Clock;
import java.util.Map;
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
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class, KeysCommand.DoNotTrack.class})
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

        @Option(names = "--do-not-track", description = "Never store request or response bodies of this key's requests.")
        boolean doNotTrack;

        @Override
        public Integer call() {
            Optional<CaravanConfig> loaded = config.loadOrReport();
            if (loaded.isEmpty()) {
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            String key = KeyHashing.newKey();
            try (Storage storage = Storage.open(loaded.get().storage())) {
                VirtualKey created = new KeyRepository(storage.jdbi()).create(name, tenant, KeyHashing.hash(key), models);
                if (doNotTrack) {
                    new KeyPrivacyRepository(storage.jdbi()).setDoNotTrack(name, true);
                }
                if (!audited(storage, "key.create", name, null, Map.of("id", created.id(), "name", name, "tenant", tenant,
                        "models", models, "do_not_track", doNotTrack))) {
                    return 1;
                }
            } catch (DuplicateKeyNameException e) {
                System.err.println("caravan: a key named '" + name + "' already exists");
                return 1;
            }
            System.out.println(key);
            System.err.println("Created key '" + name + "' for tenant '" + tenant + "'. It is shown only now; store it safely.");
            return 0;
        }
    }

    /** The actor of CLI changes: the operating-system user who ran the command. */
    static String cliActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** Records the change in the audit log; false (after saying so) when that failed. */
    static boolean audited(Storage storage, String action, String keyName, Object before, Object after) {
        try {
            new AuditLog(new AuditRepository(storage.jdbi()), Clock.systemUTC()).record(cliActor(), action, "key:" + keyName, before, after);
            return true;
        } catch (RuntimeException e) {
            System.err.println("caravan: the change was made but its audit entry could not be written: " + e.getMessage());
            return false;
        }
    }

    @Command(name = "do-not-track", mixinStandardHelpOptions = true,
            description = "Set or clear a key's do-not-track flag: no bodies of its requests are stored. Gateways apply it within 30 seconds.")
    static final class DoNotTrack implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--name", required = true, description = "Name of the key.")
        String name;

        @Option(names = "--off", description = "Clear the flag instead of setting it.")
        boolean off;

        @Override
        public Integer call() {
            Optional<CaravanConfig> loaded = config.loadOrReport();
            if (loaded.isEmpty()) {
                return CaravanCli.EXIT_BAD_CONFIG;
            }
            try (Storage storage = Storage.open(loaded.get().storage())) {
                KeyPrivacyRepository privacy = new KeyPrivacyRepository(storage.jdbi());
                if (!privacy.setDoNotTrack(name, !off)) {
                    System.err.println("caravan: no key named '" + name + "'");
                    return 1;
                }
                if (!audited(storage, "key.do_not_track", name, null, Map.of("name", name, "do_not_track", !off))) {
                    return 1;
                }
            }
            System.err.println((off ? "Cleared" : "Set") + " do-not-track on key '" + name + "'. Gateways apply it within 30 seconds.");
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
                if (!audited(storage, "key.revoke", name, Map.of("name", name, "active", true), Map.of("name", name, "active", false))) {
                    return 1;
                }
            }
            System.err.println("Revoked key '" + name + "'. Gateways stop accepting it within 30 seconds.");
            return 0;
        }
    }
}
