package dev.caravan.platform.cli;

import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.audit.AuditedChange;
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
import dev.caravan.platform.storage.StorageException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code caravan keys}: manage virtual keys in the configured storage. Each change is made in one
 * transaction with its audit entry ({@link AuditLog#apply}), so a change whose entry cannot be
 * written is not made at all.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage virtual keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.Rotate.class, KeysCommand.Revoke.class, KeysCommand.DoNotTrack.class})
public final class KeysCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'caravan keys create', 'rotate', 'revoke' or 'do-not-track'; see 'caravan keys --help'.");
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
                audit(storage).apply(cliActor(), () -> {
                    VirtualKey created = new KeyRepository(storage.jdbi()).create(name, tenant, KeyHashing.hash(key), models);
                    if (doNotTrack) {
                        new KeyPrivacyRepository(storage.jdbi()).setDoNotTrack(name, true);
                    }
                    return AuditedChange.of(created, "key.create", target(name), null, Map.of("id", created.id(), "name", name,
                            "tenant", tenant, "models", models, "do_not_track", doNotTrack));
                });
            } catch (DuplicateKeyNameException e) {
                System.err.println("caravan: a key named '" + name + "' already exists");
                return 1;
            } catch (StorageException e) {
                return unchanged(e);
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

    static AuditLog audit(Storage storage) {
        return new AuditLog(new AuditRepository(storage.jdbi()), Clock.systemUTC());
    }

    static String target(String keyName) {
        return "key:" + keyName;
    }

    /**
     * Makes one audited change to an existing key in the configured storage.
     *
     * @param change the change, run in the transaction of its audit entry; {@code false} when there was no such key
     * @return 0 when the change was made; 1 when no key matched (printing {@code missing}) or the database refused
     *         it; {@link CaravanCli#EXIT_BAD_CONFIG} when the configuration is invalid
     */
    static int changeExistingKey(ConfigOption config, String missing, Function<Storage, AuditedChange<Boolean>> change) {
        Optional<CaravanConfig> loaded = config.loadOrReport();
        if (loaded.isEmpty()) {
            return CaravanCli.EXIT_BAD_CONFIG;
        }
        try (Storage storage = Storage.open(loaded.get().storage())) {
            if (!audit(storage).apply(cliActor(), () -> change.apply(storage))) {
                System.err.println("caravan: " + missing);
                return 1;
            }
            return 0;
        } catch (StorageException e) {
            return unchanged(e);
        }
    }

    /** Reports a change the database (or its audit entry) refused: nothing was changed. */
    static int unchanged(StorageException e) {
        System.err.println("caravan: nothing was changed: " + e.getMessage());
        return 1;
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give an active key a new value and print it once; the old value stops working within 30 seconds.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--name", required = true, description = "Name of the key.")
        String name;

        @Override
        public Integer call() {
            String key = KeyHashing.newKey();
            int exit = changeExistingKey(config, "no active key named '" + name + "'", storage ->
                    new KeyRepository(storage.jdbi()).rotate(name, KeyHashing.hash(key))
                            // The entry says that the value changed, never what it is.
                            ? AuditedChange.of(true, "key.rotate", target(name), Map.of("name", name, "key", AuditLog.MASK),
                                    Map.of("name", name, "key", AuditLog.MASK))
                            : AuditedChange.none(false));
            if (exit == 0) {
                System.out.println(key);
                System.err.println("Rotated key '" + name + "'. The new value is shown only now; the old one stops working within 30 seconds.");
            }
            return exit;
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
            int exit = changeExistingKey(config, "no key named '" + name + "'", storage -> {
                KeyPrivacyRepository privacy = new KeyPrivacyRepository(storage.jdbi());
                Optional<Boolean> before = privacy.doNotTrack(name);
                if (before.isEmpty() || !privacy.setDoNotTrack(name, !off)) {
                    return AuditedChange.none(false);
                }
                return AuditedChange.of(true, "key.do_not_track", target(name), Map.of("name", name, "do_not_track", before.get()),
                        Map.of("name", name, "do_not_track", !off));
            });
            if (exit == 0) {
                System.err.println((off ? "Cleared" : "Set") + " do-not-track on key '" + name + "'. Gateways apply it within 30 seconds.");
            }
            return exit;
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
            int exit = changeExistingKey(config, "no active key named '" + name + "'", storage ->
                    new KeyRepository(storage.jdbi()).revoke(name)
                            ? AuditedChange.of(true, "key.revoke", target(name), Map.of("name", name, "active", true),
                                    Map.of("name", name, "active", false))
                            : AuditedChange.none(false));
            if (exit == 0) {
                System.err.println("Revoked key '" + name + "'. Gateways stop accepting it within 30 seconds.");
            }
            return exit;
        }
    }
}
