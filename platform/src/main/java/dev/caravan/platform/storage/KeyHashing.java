package dev.caravan.platform.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Virtual keys are stored only as their SHA-256. Keys are long random strings, so a plain
 * (unsalted, fast) hash is enough: there is nothing to brute-force, and a fast hash keeps the
 * per-request look-up cheap.
 */
public final class KeyHashing {

    /** Every generated key starts with this, so leaked keys are easy to recognise and scan for. */
    public static final String PREFIX = "sk-cvn-";
    private static final int RANDOM_CHARS = 40;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHashing() {}

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters). */
    public static String hash(String plainKey) {
        if (plainKey == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(plainKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A new key: {@code sk-cvn-} followed by 40 base62 characters (~238 bits) from {@link SecureRandom}. */
    public static String newKey() {
        StringBuilder key = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return key.toString();
    }
}
