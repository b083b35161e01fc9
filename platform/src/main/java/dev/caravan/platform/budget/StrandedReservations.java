package dev.caravan.platform.budget;

import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.storage.SqlValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases budget reservations held by requests that died with their process (docs/operations.md#nodes).
 * Each node's share of a window's {@code reserved} is a row of {@code budget_reservations}; a node
 * releases its own leftover shares when it starts, before it serves, and any node releases the shares
 * of a node whose heartbeat is older than {@code server.node_dead_after_ms} (or that stopped). Every
 * release is audited ({@code budget.reservation.released}). Blocking: run it at start-up or on the
 * heartbeat thread.
 *
 * <p>Each share is released in its own transaction that locks, in order, the dead node's {@code nodes}
 * row (so a node that comes back cannot beat while its shares go), the window's row and the share,
 * the order reservations and settlements use: no deadlock, and two nodes releasing the same share
 * release it once.
 */
public final class StrandedReservations {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedReservations.class);
    static final String ACTION = "budget.reservation.released";
    /** Shares looked at per pass: a pass stays short; the rest go at the next heartbeat. */
    static final int PER_PASS = 500;

    private record Share(String node, String account, String window) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final String self;

    public StrandedReservations(Jdbi jdbi, AuditLog audit, String self) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.self = self;
    }

    /** At start-up, before serving: whatever this node id still holds was held by a process that is gone. */
    public BigDecimal releaseOwn() {
        List<Share> shares = jdbi.withHandle(h -> h.createQuery("SELECT node_id, account, window_key FROM budget_reservations"
                        + " WHERE node_id = :node AND reserved > 0 LIMIT " + PER_PASS)
                .bind("node", self).map((rs, ctx) -> share(rs)).list());
        return release(shares, "restart", null);
    }

    /** On the heartbeat: the shares of nodes that stopped or whose heartbeat is older than {@code deadAfter}. */
    public BigDecimal releaseOfDeadNodes(Duration deadAfter) {
        Instant cutoff = jdbi.withHandle(h -> databaseNow(h)).minus(deadAfter);
        List<Share> shares = jdbi.withHandle(h -> h.createQuery("SELECT r.node_id, r.account, r.window_key FROM budget_reservations r"
                        + " LEFT JOIN nodes n ON n.node_id = r.node_id"
                        + " WHERE r.node_id <> :self AND r.reserved > 0"
                        + " AND (n.node_id IS NULL OR n.stopped_at IS NOT NULL OR n.heartbeat_at < :cutoff) LIMIT " + PER_PASS)
                .bind("self", self).bind("cutoff", SqlValues.timestamp(cutoff)).map((rs, ctx) -> share(rs)).list());
        return release(shares, "node_dead", cutoff);
    }

    /** Rows of this node whose share went back to zero: dropped under the window's lock, as a reservation would take it. */
    public void dropSettledShares() {
        List<Share> empty = jdbi.withHandle(h -> h.createQuery("SELECT node_id, account, window_key FROM budget_reservations"
                        + " WHERE node_id = :node AND reserved = 0 LIMIT " + PER_PASS)
                .bind("node", self).map((rs, ctx) -> share(rs)).list());
        for (Share s : empty) {
            jdbi.useTransaction(h -> {
                lockWindow(h, s);
                h.createUpdate("DELETE FROM budget_reservations WHERE node_id = :node AND account = :account"
                        + " AND window_key = :window AND reserved = 0").bind("node", s.node()).bind("account", s.account())
                        .bind("window", s.window()).execute();
            });
        }
    }

    private BigDecimal release(List<Share> shares, String reason, Instant cutoff) {
        BigDecimal total = BigDecimal.ZERO;
        for (Share s : shares) {
            BigDecimal released = jdbi.inTransaction(h -> releaseOne(h, s, cutoff));
            if (released.signum() > 0) {
                total = total.add(released);
                LOG.warn("Released {} USD of budget '{}' window {} reserved by node '{}' ({}): its requests died with it",
                        released.toPlainString(), s.account(), s.window(), s.node(), reason);
                audit.record("node:" + self, ACTION, s.account() + " " + s.window(),
                        Map.of("node", s.node(), "reserved", released.toPlainString()),
                        Map.of("reason", reason, "released_by", self));
            }
        }
        return total;
    }

    /** Zero when there is nothing to release (already released, or the node is alive after all). */
    private static BigDecimal releaseOne(Handle h, Share s, Instant cutoff) {
        if (cutoff != null && stillAlive(h, s.node(), cutoff)) {
            return BigDecimal.ZERO;
        }
        lockWindow(h, s);
        Optional<BigDecimal> held = h.createQuery("SELECT reserved FROM budget_reservations WHERE node_id = :node"
                        + " AND account = :account AND window_key = :window FOR UPDATE")
                .bind("node", s.node()).bind("account", s.account()).bind("window", s.window())
                .mapTo(BigDecimal.class).findOne();
        if (held.isEmpty() || held.get().signum() <= 0) {
            return BigDecimal.ZERO;
        }
        h.createUpdate("UPDATE budget_usage SET reserved = reserved - :amount WHERE account = :account AND window_key = :window")
                .bind("amount", held.get()).bind("account", s.account()).bind("window", s.window()).execute();
        h.createUpdate("DELETE FROM budget_reservations WHERE node_id = :node AND account = :account AND window_key = :window")
                .bind("node", s.node()).bind("account", s.account()).bind("window", s.window()).execute();
        BigDecimal plain = held.get().stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    /** Locks the node's row: a node beating again in the meantime keeps its shares. */
    private static boolean stillAlive(Handle h, String node, Instant cutoff) {
        return h.createQuery("SELECT heartbeat_at, stopped_at FROM nodes WHERE node_id = :node FOR UPDATE")
                .bind("node", node)
                .map((rs, ctx) -> SqlValues.instant(rs, "stopped_at") == null && !SqlValues.instant(rs, "heartbeat_at").isBefore(cutoff))
                .findOne().orElse(false);
    }

    private static void lockWindow(Handle h, Share s) {
        h.createQuery("SELECT spent FROM budget_usage WHERE account = :account AND window_key = :window FOR UPDATE")
                .bind("account", s.account()).bind("window", s.window()).mapTo(BigDecimal.class).findOne();
    }

    private static Instant databaseNow(Handle h) {
        return h.createQuery("SELECT CURRENT_TIMESTAMP AS now").map((rs, ctx) -> SqlValues.instant(rs, "now")).one();
    }

    private static Share share(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Share(rs.getString("node_id"), rs.getString("account"), rs.getString("window_key"));
    }
}
