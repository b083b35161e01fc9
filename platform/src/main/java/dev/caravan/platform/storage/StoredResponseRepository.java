package dev.caravan.platform.storage;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Stored Responses API objects ({@code stored_responses}). Every read and delete is scoped to the
 * tenant: another tenant's response is the same as none. Thread-safe; portable SQL.
 */
public final class StoredResponseRepository {

    private static final String COLUMNS = "trace_id, response_id, tenant_id, key_id, received_at, response_body, input_items";

    private final Jdbi jdbi;

    public StoredResponseRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(StoredResponse r) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO stored_responses (" + COLUMNS + ")"
                            + " VALUES (:trace, :id, :tenant, :key, :at, :body, :items) ON CONFLICT DO NOTHING")
                    .bind("trace", r.traceId())
                    .bind("id", r.responseId())
                    .bind("tenant", SqlValues.clip(r.tenantId(), 128))
                    .bind("key", SqlValues.clip(r.keyId(), 64))
                    .bind("at", SqlValues.timestamp(r.receivedAt()))
                    .bind("body", r.responseBody())
                    .bind("items", r.inputItems())
                    .execute());
        } catch (JdbiException e) {
            throw new StorageException("cannot store response " + r.responseId() + ": " + e.getMessage(), e);
        }
    }

    /** The newest response of that id stored for the tenant (null tenant: stored without tenant). */
    public Optional<StoredResponse> find(String responseId, String tenantId) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM stored_responses WHERE response_id = :id AND "
                            + tenantClause(tenantId) + " ORDER BY received_at DESC LIMIT 1")
                    .bind("id", responseId)
                    .bindMap(tenantId == null ? java.util.Map.of() : java.util.Map.of("tenant", tenantId))
                    .map((rs, ctx) -> new StoredResponse(rs.getString("trace_id"), rs.getString("response_id"),
                            rs.getString("tenant_id"), rs.getString("key_id"), SqlValues.instant(rs, "received_at"),
                            rs.getString("response_body"), rs.getString("input_items")))
                    .findOne());
        } catch (JdbiException e) {
            throw new StorageException("cannot read response " + responseId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every response of that id stored for the tenant; true when there was one. */
    public boolean delete(String responseId, String tenantId) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("DELETE FROM stored_responses WHERE response_id = :id AND " + tenantClause(tenantId))
                    .bind("id", responseId)
                    .bindMap(tenantId == null ? java.util.Map.of() : java.util.Map.of("tenant", tenantId))
                    .execute()) > 0;
        } catch (JdbiException e) {
            throw new StorageException("cannot delete response " + responseId + ": " + e.getMessage(), e);
        }
    }

    private static String tenantClause(String tenantId) {
        return tenantId == null ? "tenant_id IS NULL" : "tenant_id = :tenant";
    }
}
