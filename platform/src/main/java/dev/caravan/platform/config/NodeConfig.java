package dev.caravan.platform.config;

import java.time.Duration;

/**
 * {@code server.node_id}, {@code server.heartbeat_interval_ms}, {@code server.node_dead_after_ms}:
 * who this gateway process is among the nodes sharing one database (docs/operations.md#nodes).
 *
 * @param nodeId            unique per node on one database; empty: {@code <host name>:<port>}, stable
 *                          across restarts of the same node, so its next start finds what it left
 * @param heartbeatInterval how often the node writes its heartbeat (default 5 s)
 * @param deadAfter         a node whose heartbeat is older is dead: listed as such, and any other node
 *                          releases the budget reservations it still holds (default 30 s)
 */
public record NodeConfig(String nodeId, Duration heartbeatInterval, Duration deadAfter) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(30);
    public static final NodeConfig DEFAULTS = new NodeConfig("", DEFAULT_HEARTBEAT, DEFAULT_DEAD_AFTER);

    /** This node's id: the configured one, or {@code <host name>:<port>} (two nodes on one host differ by port). */
    public String resolvedId(int port) {
        if (!nodeId.isBlank()) {
            return nodeId;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + port;
    }
}
