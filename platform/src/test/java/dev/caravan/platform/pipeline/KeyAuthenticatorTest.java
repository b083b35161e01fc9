package dev.caravan.platform.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.VirtualKey;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Key look-ups against a real key table, cached, and loaded only on the storage executor. */
class KeyAuthenticatorTest {

    private final KeyRepository keys = new KeyRepository(MemoryStorage.shared().jdbi());
    private final ManualExecutor storageExecutor = new ManualExecutor();
    private final KeyAuthenticator authenticator = new KeyAuthenticator(keys, storageExecutor);
    private final String plainKey = MemoryStorage.uniqueKey();

    /** Authenticates, letting the storage executor run whatever the look-up handed it. */
    private Optional<VirtualKey> authenticate(String plainKey) {
        CompletableFuture<Optional<VirtualKey>> lookup = authenticator.authenticate(plainKey);
        storageExecutor.runAll();
        return lookup.join();
    }

    @Test
    void should_return_key_when_key_active() {
        VirtualKey created = MemoryStorage.createKey(plainKey, List.of("fast"));

        assertEquals(Optional.of(created), authenticate(plainKey));
    }

    @Test
    void should_return_empty_when_key_unknown() {
        assertEquals(Optional.empty(), authenticate(plainKey));
    }

    @Test
    void should_return_empty_when_key_revoked() {
        keys.revoke(MemoryStorage.createKey(plainKey, List.of()).name());

        assertEquals(Optional.empty(), authenticate(plainKey));
    }

    @Test
    void should_return_empty_when_key_revoked_after_being_cached_and_cache_cleared() {
        VirtualKey key = MemoryStorage.createKey(plainKey, List.of());
        authenticate(plainKey);
        keys.revoke(key.name());

        authenticator.invalidateAll();

        assertEquals(Optional.empty(), authenticate(plainKey));
    }

    @Test
    void should_load_on_storage_executor_not_on_caller_thread_when_not_cached() {
        MemoryStorage.createKey(plainKey, List.of());

        CompletableFuture<Optional<VirtualKey>> lookup = authenticator.authenticate(plainKey);

        assertFalse(lookup.isDone(), "the look-up must wait for the storage executor");
        assertTrue(storageExecutor.pending() > 0);
        storageExecutor.runAll();
        assertTrue(lookup.join().isPresent());
    }

    @Test
    void should_answer_without_storage_executor_when_key_cached() {
        MemoryStorage.createKey(plainKey, List.of());
        authenticate(plainKey);

        CompletableFuture<Optional<VirtualKey>> again = authenticator.authenticate(plainKey);

        assertTrue(again.isDone());
        assertTrue(again.join().isPresent());
    }

    @Test
    void should_keep_answering_unknown_when_key_created_right_after_a_miss() {
        assertEquals(Optional.empty(), authenticate(plainKey));
        MemoryStorage.createKey(plainKey, List.of());

        CompletableFuture<Optional<VirtualKey>> again = authenticator.authenticate(plainKey);

        assertTrue(again.isDone(), "a miss is cached: no second database look-up");
        assertEquals(Optional.empty(), again.join());
    }

    @Test
    void should_find_key_created_after_a_miss_once_the_brief_miss_cache_expires() {
        KeyAuthenticator direct = new KeyAuthenticator(keys, Runnable::run);
        assertEquals(Optional.empty(), direct.authenticate(plainKey).join());
        VirtualKey created = MemoryStorage.createKey(plainKey, List.of());

        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<VirtualKey> found = Optional.empty();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = direct.authenticate(plainKey).join();
            Thread.onSpinWait();
        }

        assertEquals(Optional.of(created), found);
    }

    /** An executor that runs tasks only when the test says so. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            for (Runnable task = poll(); task != null; task = poll()) {
                task.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }
}
