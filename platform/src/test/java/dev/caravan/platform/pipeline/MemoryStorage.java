package dev.caravan.platform.pipeline;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.storage.KeyHashing;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.VirtualKey;
import java.util.List;
import java.util.UUID;

/**
 * One in-memory H2 database with the real schema, shared by the stage tests that need keys or
 * receipts: migrating a database costs far more than these tests, so it is done once per test
 * JVM. Tests stay independent by using their own key names, keys and trace ids. The database goes
 * with the JVM.
 */
final class MemoryStorage {

    private static Storage shared;

    private MemoryStorage() {}

    static synchronized Storage shared() {
        if (shared == null) {
            shared = Storage.open(new StorageConfig("jdbc:h2:mem:unit-" + UUID.randomUUID(), "", Secret.empty(), 4));
        }
        return shared;
    }

    /** A key value no other test uses. */
    static String uniqueKey() {
        return "sk-test-" + UUID.randomUUID();
    }

    /** Stores an active key for {@code plainKey} under a unique name. */
    static VirtualKey createKey(String plainKey, List<String> allowedModels) {
        return new KeyRepository(shared().jdbi()).create("key-" + UUID.randomUUID(), "acme", KeyHashing.hash(plainKey), allowedModels);
    }
}
