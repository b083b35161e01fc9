package dev.caravan.platform.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Virtual keys and their tenants. Keys are found by the SHA-256 of the key ({@link KeyHashing});
 * the key itself is never stored. Thread-safe. Failures surface as {@link StorageException}.
 */
public final class KeyRepository {

    private static final String COLUMNS = "id, name, tenant_id, allowed_models, active";
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final Jdbi jdbi;

    public KeyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The key with this hash, active or revoked: the caller decides what a revoked key means. */
    public Optional<VirtualKey> findByHash(String keyHash) {
        return run("look up a virtual key", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM virtual_keys WHERE key_hash = :hash")
                .bind("hash", keyHash)
                .map((rs, ctx) -> map(rs))
                .findOne()));
    }

    /**
     * Stores a new key, creating its tenant if missing.
     *
     * @throws DuplicateKeyNameException if a key (active or revoked) already has this name
     * @throws StorageException          if another key already has this hash, or the database fails
     */
    public VirtualKey create(String name, String tenantId, String keyHash, List<String> allowedModels) {
        List<String> models = checked(name, tenantId, keyHash, allowedModels);
        try {
            return jdbi.inTransaction(handle -> {
                if (findByName(handle, name).isPresent()) {
                    throw new DuplicateKeyNameException(name);
                }
                return insert(handle, name, tenantId, keyHash, models);
            });
        } catch (JdbiException e) {
            if (SqlValues.isUniqueViolation(e)) {
                if (run("look up key '" + name + "'", () -> jdbi.withHandle(handle -> findByName(handle, name))).isPresent()) {
                    throw new DuplicateKeyNameException(name);
                }
                throw new StorageException("the key value given for '" + name + "' is already used by another virtual key");
            }
            throw new StorageException("cannot create virtual key '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Makes the key {@code name} match the config (tenant, key hash, allowed models), creating it
     * and its tenant if missing. Safe to call at every start and from several nodes at once. A key
     * revoked through the CLI stays revoked: revocation is a deliberate act a restart must not undo.
     */
    public VirtualKey upsertBootstrap(String name, String tenantId, String keyHash, List<String> allowedModels) {
        List<String> models = checked(name, tenantId, keyHash, allowedModels);
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> upsert(handle, name, tenantId, keyHash, models));
            } catch (JdbiException e) {
                boolean unique = SqlValues.isUniqueViolation(e);
                if (unique && attempt == 1) {
                    continue; // another node inserted the same name meanwhile: the retry updates it
                }
                if (unique) {
                    throw new StorageException("the key value of bootstrap key '" + name + "' is already used by another virtual key");
                }
                throw new StorageException("cannot store bootstrap key '" + name + "': " + e.getMessage(), e);
            }
        }
    }

    /** The key named {@code name}, active or revoked. */
    public Optional<VirtualKey> findByName(String name) {
        return run("look up key '" + name + "'", () -> jdbi.withHandle(handle -> findByName(handle, name)));
    }

    /** The stored hash of the key named {@code name}; for telling whether a bootstrap key's value changed. */
    public Optional<String> keyHash(String name) {
        return run("look up key '" + name + "'", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT key_hash FROM virtual_keys WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne()));
    }

    /**
     * Gives the active key {@code name} a new value (its hash); the old value stops working.
     *
     * @return false when there is no active key of that name
     * @throws StorageException if another key already has this hash, or the database fails
     */
    public boolean rotate(String name, String newKeyHash) {
        requireText(newKeyHash, "key hash");
        return run("rotate key '" + name + "'", () -> jdbi.withHandle(handle -> handle
                .createUpdate("UPDATE virtual_keys SET key_hash = :hash WHERE name = :name AND active = TRUE")
                .bind("hash", newKeyHash)
                .bind("name", name)
                .execute()) > 0);
    }

    public long countActive() {
        return run("count active keys", () -> jdbi.withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM virtual_keys WHERE active = TRUE")
                .mapTo(Long.class)
                .one()));
    }

    /** Revokes the key; true if it was active, false if it does not exist or was already revoked. */
    public boolean revoke(String name) {
        return run("revoke key '" + name + "'", () -> jdbi.withHandle(handle -> handle
                .createUpdate("UPDATE virtual_keys SET active = FALSE, revoked_at = :now WHERE name = :name AND active = TRUE")
                .bind("now", SqlValues.timestamp(Instant.now()))
                .bind("name", name)
                .execute()) > 0);
    }

    private VirtualKey upsert(Handle handle, String name, String tenantId, String keyHash, List<String> models) {
        Optional<VirtualKey> existing = findByName(handle, name);
        if (existing.isEmpty()) {
            return insert(handle, name, tenantId, keyHash, models);
        }
        ensureTenant(handle, tenantId, Instant.now());
        handle.createUpdate("UPDATE virtual_keys SET tenant_id = :tenant, key_hash = :hash, allowed_models = :models WHERE name = :name")
                .bind("tenant", tenantId)
                .bind("hash", keyHash)
                .bind("models", toJson(models))
                .bind("name", name)
                .execute();
        return new VirtualKey(existing.get().id(), name, tenantId, models, existing.get().active());
    }

    private VirtualKey insert(Handle handle, String name, String tenantId, String keyHash, List<String> models) {
        Instant now = Instant.now();
        ensureTenant(handle, tenantId, now);
        String id = UUID.randomUUID().toString();
        handle.createUpdate("INSERT INTO virtual_keys (id, name, tenant_id, key_hash, allowed_models, active, created_at)"
                        + " VALUES (:id, :name, :tenant, :hash, :models, TRUE, :now)")
                .bind("id", id)
                .bind("name", name)
                .bind("tenant", tenantId)
                .bind("hash", keyHash)
                .bind("models", toJson(models))
                .bind("now", SqlValues.timestamp(now))
                .execute();
        return new VirtualKey(id, name, tenantId, models, true);
    }

    private static void ensureTenant(Handle handle, String tenantId, Instant now) {
        handle.createUpdate("INSERT INTO tenants (id, name, created_at) VALUES (:id, :id, :now) ON CONFLICT DO NOTHING")
                .bind("id", tenantId)
                .bind("now", SqlValues.timestamp(now))
                .execute();
    }

    private static Optional<VirtualKey> findByName(Handle handle, String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM virtual_keys WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static VirtualKey map(ResultSet rs) throws SQLException {
        return new VirtualKey(rs.getString("id"), rs.getString("name"), rs.getString("tenant_id"),
                fromJson(rs.getString("allowed_models")), rs.getBoolean("active"));
    }

    private static List<String> checked(String name, String tenantId, String keyHash, List<String> allowedModels) {
        requireText(name, "key name");
        requireText(tenantId, "tenant id");
        requireText(keyHash, "key hash");
        return allowedModels == null ? List.of() : List.copyOf(allowedModels);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static String toJson(List<String> models) {
        try {
            return ReceiptJson.mapper().writeValueAsString(models);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of strings as JSON", e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return json == null || json.isBlank() ? List.of() : ReceiptJson.mapper().readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new StorageException("virtual_keys.allowed_models is not a JSON array of strings: " + json, e);
        }
    }

    private static <T> T run(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (JdbiException e) {
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
