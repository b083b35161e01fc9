package dev.caravan.platform.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains the audit log: every {@code interval}, the audit entries no chain holds yet (read from the
 * table as stored, oldest first, at most {@value #BATCH} at a time) are appended to this node's
 * {@code audit} chain in one transaction. Audit entries are written by many threads, often inside
 * a larger transaction (the change they record); reading them once committed keeps the chain out
 * of those transactions. An entry is therefore chained within about one interval of its commit,
 * and the chain is signed like the receipts' (docs/evidence.md).
 */
public final class AuditChainer implements AutoCloseable {

    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNCHAINED = "SELECT id, at, actor, action, target, before_state, after_state FROM audit_log a"
            + " WHERE NOT EXISTS (SELECT 1 FROM evidence_records e WHERE e.chain = 'audit' AND e.record_id = CAST(a.id AS VARCHAR(32)))"
            + " ORDER BY id LIMIT " + BATCH;

    private final Jdbi jdbi;
    private final EvidenceChain chain;
    private final ScheduledExecutorService timer;

    public AuditChainer(Jdbi jdbi, EvidenceChain chain, Duration interval) {
        this.jdbi = jdbi;
        this.chain = chain;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-audit-chainer");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(this::chainPending, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Chains what is pending now (also called by the timer). */
    public synchronized void chainPending() {
        try {
            int chained;
            do {
                chained = jdbi.inTransaction(handle -> {
                    List<EvidenceChain.Entry> entries = handle.createQuery(UNCHAINED).map((rs, ctx) -> {
                        ObjectNode e = JSON.createObjectNode().put("id", rs.getLong("id"))
                                .put("at", rs.getTimestamp("at").toInstant().toString())
                                .put("actor", rs.getString("actor")).put("action", rs.getString("action"))
                                .put("target", rs.getString("target"))
                                .put("before", rs.getString("before_state")).put("after", rs.getString("after_state"));
                        return new EvidenceChain.Entry(String.valueOf(rs.getLong("id")), e.toString());
                    }).list();
                    Runnable committed = chain.appendEntries(handle, entries);
                    handle.afterCommit(committed);
                    return entries.size();
                });
            } while (chained == BATCH);
            chain.idle();
        } catch (RuntimeException e) { // the database is down or slow: the next run catches up
            LOG.warn("Chaining audit entries failed; retried in a moment: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
