package dev.caravan.platform.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code receipts.evidence:} — the tamper-evident chain over receipts (docs/evidence.md).
 *
 * @param enabled            chain every stored receipt (default true)
 * @param nodeId             this node's chain, unique per node; empty: {@code <host name>:<port>}
 * @param keyFile            Ed25519 private key (PKCS#8 PEM) signing the checkpoints; generated at
 *                           first start when missing (default {@code ./data/evidence-ed25519.pem})
 * @param checkpointRecords  a signed checkpoint after at most this many records (default 1000)
 * @param checkpointInterval and at least this often while records arrive (default 60 s)
 */
public record EvidenceConfig(boolean enabled, String nodeId, Path keyFile, int checkpointRecords, Duration checkpointInterval) {

    public static EvidenceConfig defaults() {
        return defaults(Path.of("./data/evidence-ed25519.pem"));
    }

    public static EvidenceConfig defaults(Path keyFile) {
        return new EvidenceConfig(true, "", keyFile, 1000, Duration.ofSeconds(60));
    }

    /** This config with its node id, or {@code <host name>:<port>} when none is configured (two nodes on one host differ by port). */
    public EvidenceConfig resolvedFor(int port) {
        if (!nodeId.isBlank()) {
            return this;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return new EvidenceConfig(enabled, host + ":" + port, keyFile, checkpointRecords, checkpointInterval);
    }
}
