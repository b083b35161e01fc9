package dev.caravan.platform.config;

/**
 * {@code server:} — the public HTTP listener.
 *
 * @param host          bind address (default {@code 0.0.0.0})
 * @param port          listen port (default 8080)
 * @param maxBodyBytes  largest accepted request body; larger gets 413 (default 8 MiB)
 * @param ioThreads     Netty I/O (event loop) threads (default: number of cores)
 * @param workerThreads threads that run pipeline stages (default 16)
 * @param wire          timeouts and size limits of the connection itself
 * @param drainTimeout  how long a shutdown waits for in-flight requests and streams before it ends
 *                      the streams still open with an error event (default 30 s; docs/operations.md)
 * @param node          this node's id and heartbeat among the nodes sharing the database
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads, WireLimits wire,
        java.time.Duration drainTimeout, NodeConfig node) {

    public static final java.time.Duration DEFAULT_DRAIN_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** With the default node settings. */
    public ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads, WireLimits wire,
            java.time.Duration drainTimeout) {
        this(host, port, maxBodyBytes, ioThreads, workerThreads, wire, drainTimeout, NodeConfig.DEFAULTS);
    }

    /** This node's id ({@code server.node_id}, or {@code <host name>:<port>}). */
    public String nodeId() {
        return node.resolvedId(port);
    }

    /** With the default drain timeout. */
    public ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads, WireLimits wire) {
        this(host, port, maxBodyBytes, ioThreads, workerThreads, wire, DEFAULT_DRAIN_TIMEOUT);
    }

    /** With the default wire limits. */
    public ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads) {
        this(host, port, maxBodyBytes, ioThreads, workerThreads, WireLimits.DEFAULTS);
    }
}
