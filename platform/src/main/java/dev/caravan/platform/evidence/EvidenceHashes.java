package dev.caravan.platform.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes of the evidence chain, all SHA-256, written as lowercase hex:
 * <ul>
 *   <li>a record: {@code H(prev_hash_hex + "\n" + canonical_json)}, so each record commits to all
 *       before it ({@link #GENESIS} before the first);</li>
 *   <li>Merkle leaves and nodes as in RFC 6962: {@code H(0x00 ‖ record_hash)} and
 *       {@code H(0x01 ‖ left ‖ right)}, so a leaf can never pass for an inner node.</li>
 * </ul>
 */
public final class EvidenceHashes {

    /** The predecessor of a chain's first record. */
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private EvidenceHashes() {}

    public static String record(String previousHash, String body) {
        MessageDigest sha = sha256();
        sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '\n');
        sha.update(body.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    public static byte[] leaf(String recordHash) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(HEX.parseHex(recordHash));
        return sha.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
