package dev.caravan.platform.pipeline;

import dev.caravan.platform.storage.StoredResponse;
import dev.caravan.platform.storage.StoredResponseRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored Responses API objects: written off the request path on the storage executor; until a
 * write lands the object is served from memory, so a client that retrieves right after creating
 * finds it. What waits in memory is bounded ({@link #PENDING_LIMIT} characters); past it, or past
 * {@link #MAX_CHARS} for one response, the response is not stored and the log says so.
 */
public final class ResponseStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseStore.class);
    /** Largest response object plus input items stored, in characters (about 1 MiB of JSON). */
    public static final long MAX_CHARS = 1L << 20;
    /** Characters waiting to be written, at most. */
    static final long PENDING_LIMIT = 64L << 20;

    private final StoredResponseRepository repository;
    private final Executor executor;
    private final Map<String, StoredResponse> pending = new ConcurrentHashMap<>();
    private final AtomicLong pendingChars = new AtomicLong();

    public ResponseStore(StoredResponseRepository repository, Executor executor) {
        this.repository = repository;
        this.executor = executor;
    }

    /** Why a response was not stored, or null when it is being stored. Never blocks. */
    String store(StoredResponse response) {
        long size = response.size();
        if (size > MAX_CHARS) {
            return "larger than " + MAX_CHARS + " characters";
        }
        if (pendingChars.addAndGet(size) > PENDING_LIMIT) {
            pendingChars.addAndGet(-size);
            return "too many responses waiting to be stored";
        }
        String key = key(response.responseId(), response.tenantId());
        pending.put(key, response);
        try {
            CompletableFuture.runAsync(() -> {
                if (pending.get(key) == response) { // deleted while waiting: not written at all
                    repository.insert(response);
                }
            }, executor).whenComplete((ok, error) -> {
                pending.remove(key, response);
                pendingChars.addAndGet(-size);
                if (error != null) {
                    LOG.warn("Response {} (trace {}) not stored: {}", response.responseId(), response.traceId(), error.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(key, response);
            pendingChars.addAndGet(-size);
            return "storage queue full";
        }
        return null;
    }

    CompletableFuture<Optional<StoredResponse>> find(String responseId, String tenantId) {
        StoredResponse waiting = pending.get(key(responseId, tenantId));
        if (waiting != null) {
            return CompletableFuture.completedFuture(Optional.of(waiting));
        }
        return CompletableFuture.supplyAsync(() -> repository.find(responseId, tenantId), executor);
    }

    CompletableFuture<Boolean> delete(String responseId, String tenantId) {
        boolean wasPending = pending.remove(key(responseId, tenantId)) != null;
        // A write not started yet sees it is no longer pending and skips the insert.
        return CompletableFuture.supplyAsync(() -> repository.delete(responseId, tenantId) || wasPending, executor);
    }

    private static String key(String responseId, String tenantId) {
        return tenantId + "\u0000" + responseId;
    }
}
