package dev.caravan.platform.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who this gateway process is among the nodes sharing one database, as {@code /admin/v1/nodes}
 * lists it and every receipt names it.
 *
 * @param id         {@code server.node_id} (default {@code <host name>:<port>})
 * @param version    the platform's version ({@code development} when run from the build tree)
 * @param configHash sha-256 (hex) of the configuration file the node loaded; null without a file
 * @param address    where the node listens, {@code http://<host>:<port>}
 */
public record NodeIdentity(String id, String version, String configHash, String address) {

    /** The identity of this process: its version from the jar's manifest, the hash of {@code configFile}'s bytes. */
    public static NodeIdentity of(String id, String host, int port, Path configFile) {
        String version = NodeIdentity.class.getPackage().getImplementationVersion();
        return new NodeIdentity(id, version == null ? "development" : version, sha256(configFile), "http://" + listenHost(host) + ":" + port);
    }

    /** The file as read at start; a file that cannot be read has no hash (start-up has already read it once). */
    static String sha256(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A wildcard bind address is no address to reach the node at: name the host instead. */
    private static String listenHost(String host) {
        if (!"0.0.0.0".equals(host) && !"::".equals(host)) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
