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
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads, WireLimits wire) {

    /** With the default wire limits. */
    public ServerConfig(String host, int port, long maxBodyBytes, int ioThreads, int workerThreads) {
        this(host, port, maxBodyBytes, ioThreads, workerThreads, WireLimits.DEFAULTS);
    }
}
