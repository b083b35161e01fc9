package dev.caravan.platform.node;

import dev.caravan.platform.storage.SqlValues;
import dev.caravan.platform.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code nodes} table: one row per node id, its start, heartbeat and graceful stop, written with
 * the database's clock ({@code CURRENT_TIMESTAMP}) so that nodes whose clocks disagree still agree on
 * how old a heartbeat is. Blocking: call it off the event loop.
 */
public final class NodeRepository {

    /** At most this many rows are listed (a cluster has a handful of nodes; ids that changed linger). */
    static final int MAX_LISTED = 1000;

    private static final String TOUCH = "UPDATE nodes SET started_at = CURRENT_TIMESTAMP, heartbeat_at = CURRENT_TIMESTAMP,"
            + " stopped_at = NULL, version = :version, config_hash = :hash, address = :address WHERE node_id = :id";
    private static final String INSERT = "INSERT INTO nodes (node_id, started_at, heartbeat_at, version, config_hash, address)"
            + " VALUES (:id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :version, :hash, :address) ON CONFLICT DO NOTHING";

    /**
     * One node as listed.
     *
     * @param status {@code live} (heartbeat younger than the bound), {@code stopped} (shut down
     *               gracefully) or {@code dead} (its heartbeat stopped: killed, crashed, cut off)
     */
    public record Node(String nodeId, String status, Instant startedAt, Instant heartbeatAt, long heartbeatAgeMs,
            Instant stoppedAt, String version, String configHash, String address) {}

    private final Jdbi jdbi;

    public NodeRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records this node's start (a restart of the same id replaces its row) and returns its row as it was before. */
    public java.util.Optional<Node> register(NodeIdentity node, Duration deadAfter) {
        return run(() -> jdbi.inTransaction(h -> {
            java.util.Optional<Node> before = find(h, node.id(), deadAfter);
            if (bind(h.createUpdate(TOUCH), node).execute() == 0) {
                bind(h.createUpdate(INSERT), node).execute();
                bind(h.createUpdate(TOUCH), node).execute();
            }
            return before;
        }));
    }

    /** The heartbeat; false when the row is gone (deleted by hand): the caller registers again. */
    public boolean beat(String nodeId) {
        return run(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE nodes SET heartbeat_at = CURRENT_TIMESTAMP WHERE node_id = :id")
                .bind("id", nodeId).execute())) > 0;
    }

    /** A graceful shutdown: the node is listed {@code stopped}, and what it still holds is anyone's to release. */
    public void stopped(String nodeId) {
        run(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE nodes SET stopped_at = CURRENT_TIMESTAMP WHERE node_id = :id")
                .bind("id", nodeId).execute()));
    }

    /** Nodes whose heartbeat is at most {@code listFor} old, by id; {@code deadAfter} tells live from dead. */
    public List<Node> list(Duration deadAfter, Duration listFor) {
        return run(() -> jdbi.withHandle(h -> {
            Instant now = databaseNow(h);
            return h.createQuery("SELECT node_id, started_at, heartbeat_at, stopped_at, version, config_hash, address FROM nodes"
                            + " WHERE heartbeat_at >= :since ORDER BY node_id LIMIT " + MAX_LISTED)
                    .bind("since", SqlValues.timestamp(now.minus(listFor)))
                    .map((rs, ctx) -> node(rs, now, deadAfter)).list();
        }));
    }

    private static java.util.Optional<Node> find(Handle h, String nodeId, Duration deadAfter) {
        Instant now = databaseNow(h);
        return h.createQuery("SELECT node_id, started_at, heartbeat_at, stopped_at, version, config_hash, address FROM nodes"
                        + " WHERE node_id = :id")
                .bind("id", nodeId).map((rs, ctx) -> node(rs, now, deadAfter)).findOne();
    }

    /** The database's clock: every heartbeat is written and judged by it. */
    public static Instant databaseNow(Handle h) {
        return h.createQuery("SELECT CURRENT_TIMESTAMP AS now").map((rs, ctx) -> SqlValues.instant(rs, "now")).one();
    }

    private static Node node(java.sql.ResultSet rs, Instant now, Duration deadAfter) throws java.sql.SQLException {
        Instant heartbeat = SqlValues.instant(rs, "heartbeat_at");
        Instant stopped = SqlValues.instant(rs, "stopped_at");
        long age = Math.max(0, Duration.between(heartbeat, now).toMillis());
        String status = stopped != null ? "stopped" : age < deadAfter.toMillis() ? "live" : "dead";
        return new Node(rs.getString("node_id"), status, SqlValues.instant(rs, "started_at"), heartbeat, age, stopped,
                rs.getString("version"), rs.getString("config_hash"), rs.getString("address"));
    }

    private static org.jdbi.v3.core.statement.Update bind(org.jdbi.v3.core.statement.Update update, NodeIdentity node) {
        return update.bind("id", node.id()).bind("version", clip(node.version(), 64)).bind("hash", node.configHash())
                .bind("address", clip(node.address(), 255));
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static <T> T run(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new StorageException("nodes: " + e.getMessage(), e);
        }
    }
}
