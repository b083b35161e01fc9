package dev.caravan.platform.pipeline;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.caravan.platform.storage.KeyHashing;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.VirtualKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Resolves virtual keys to stored keys without touching the database on the request path for
 * known keys: look-ups are cached (found keys 30 s, unknown keys 2 s so a new key works almost at
 * once) and loaded on the storage executor, never on the caller's thread.
 */
public final class KeyAuthenticator {

    private static final Duration FOUND_TTL = Duration.ofSeconds(30);
    private static final Duration MISSING_TTL = Duration.ofSeconds(2);

    private final AsyncLoadingCache<String, Optional<VirtualKey>> byHash;
    private final KeyRepository keys;

    public KeyAuthenticator(KeyRepository keys, Executor storageExecutor) {
        this.keys = keys;
        this.byHash = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(new FoundOrMissingExpiry())
                .executor(storageExecutor)
                .buildAsync(keys::findByHash);
    }

    /** The active key for {@code plainKey}, or empty; completes on the storage executor on a cache miss. */
    public CompletableFuture<Optional<VirtualKey>> authenticate(String plainKey) {
        return byHash.get(KeyHashing.hash(plainKey)).thenApply(k -> k.filter(VirtualKey::active));
    }

    /**
     * Revokes the key named {@code name} and drops every cached look-up, so the key is refused on
     * this node from the next request on. Blocking: call on the storage executor.
     *
     * @return false when no active key has that name
     */
    public boolean revoke(String name) {
        boolean revoked = keys.revoke(name);
        invalidateAll(); // also when nothing changed here: another process may have revoked it
        return revoked;
    }

    /** Drops cached look-ups, e.g. after a key was revoked on this node. */
    public void invalidateAll() {
        byHash.synchronous().invalidateAll();
    }

    private static final class FoundOrMissingExpiry implements Expiry<String, Optional<VirtualKey>> {
        @Override
        public long expireAfterCreate(String key, Optional<VirtualKey> value, long currentTime) {
            return (value.isPresent() ? FOUND_TTL : MISSING_TTL).toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Optional<VirtualKey> value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Optional<VirtualKey> value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
