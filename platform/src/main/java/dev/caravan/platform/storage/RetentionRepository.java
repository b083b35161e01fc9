package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Deletes old receipts and request logs a small batch at a time: the primary keys of at most
 * {@code batchSize} old rows are selected first, then deleted by key, each in its own short
 * transaction, so a purge never holds locks on a large range and never competes long with the
 * batch writers. Portable SQL (H2 and PostgreSQL).
 */
public final class RetentionRepository {

    /** The tables the purge deletes from; each keyed by {@code trace_id} with {@code tenant_id, received_at}. */
    public enum Table {
        RECEIPTS("receipts"), REQUEST_LOGS("request_logs"), STORED_RESPONSES("stored_responses");

        final String sql;

        Table(String sql) {
            this.sql = sql;
        }
    }

    private final Jdbi jdbi;

    public RetentionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Deletes up to {@code batchSize} rows of {@code table} received before {@code cutoff}.
     *
     * @param tenantId the tenant whose rows go; null means every tenant not in {@code exceptTenants}
     *                 (and rows without tenant)
     * @return how many rows were deleted; fewer than {@code batchSize} means none are left
     */
    public int purgeBatch(Table table, String tenantId, List<String> exceptTenants, Instant cutoff, int batchSize) {
        StringBuilder where = new StringBuilder(" WHERE received_at < :cutoff");
        if (tenantId != null) {
            where.append(" AND tenant_id = :tenant");
        } else if (!exceptTenants.isEmpty()) {
            where.append(" AND (tenant_id IS NULL OR tenant_id NOT IN (<except>))");
        }
        String select = "SELECT trace_id FROM " + table.sql + where + " LIMIT :limit";
        try {
            return jdbi.inTransaction(handle -> {
                Query query = handle.createQuery(select)
                        .bind("cutoff", SqlValues.timestamp(cutoff))
                        .bind("limit", batchSize);
                if (tenantId != null) {
                    query.bind("tenant", tenantId);
                } else if (!exceptTenants.isEmpty()) {
                    query.bindList("except", exceptTenants);
                }
                List<String> ids = query.mapTo(String.class).list();
                if (ids.isEmpty()) {
                    return 0;
                }
                if (table == Table.RECEIPTS) {
                    // The evidence chain keeps the hashes of purged receipts (so it still verifies), not their content.
                    handle.createUpdate("UPDATE evidence_records SET body = NULL WHERE chain = 'receipts' AND record_id IN (<ids>)")
                            .bindList("ids", ids)
                            .execute();
                }
                return handle.createUpdate("DELETE FROM " + table.sql + " WHERE trace_id IN (<ids>)")
                        .bindList("ids", ids)
                        .execute();
            });
        } catch (JdbiException e) {
            throw new StorageException("cannot purge " + table.sql + ": " + e.getMessage(), e);
        }
    }
}
