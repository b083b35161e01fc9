package dev.caravan.platform.evidence;

import dev.caravan.platform.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs checkpoints (the JDK's own implementation). Read from a PKCS#8 PEM
 * file, or generated there at first start (owner-only permissions where the file system has them).
 * The public key is derived from the private one, published as PEM, and named by its key id: the
 * first 16 hex digits of the SHA-256 of its X.509 encoding.
 */
public final class SigningKey {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code file}, or a new one written there when the file does not exist. */
    public static SigningKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return fromPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.writeString(file, pem(PRIVATE, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another node on the same data directory created it first: use that one
                return fromPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the operator protects the directory
            }
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // A configured control that cannot run stops start-up like any other bad setting (exit code 2).
            throw new ConfigException("receipts.evidence.key_file", "cannot read or create the signing key " + file
                    + ": " + e.getMessage());
        }
    }

    private static SigningKey fromPem(String text, String source) throws GeneralSecurityException {
        byte[] der = der(text, PRIVATE, source);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        // Ed25519 PKCS#8 (RFC 8410) holds the seed only; the public key is the signature check's own derivation.
        PublicKey publicKey = derivePublic(privateKey);
        return new SigningKey(privateKey, publicKey);
    }

    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        // The JDK has no public "derive" API for EdDSA: sign a probe and find the key by its X.509 form,
        // which needs the public point. sun.security.ec.ed.EdDSAOperations is internal, so derive it
        // through KeyPairGenerator seeded with the same 32-byte seed.
        byte[] seed = java.util.Arrays.copyOfRange(privateKey.getEncoded(), privateKey.getEncoded().length - 32,
                privateKey.getEncoded().length);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!java.util.Arrays.equals(pair.getPrivate().getEncoded(), privateKey.getEncoded())) {
            throw new GeneralSecurityException("the key file is not an Ed25519 PKCS#8 key the JDK can derive a public key from");
        }
        return pair.getPublic();
    }

    /** A random source that hands out one fixed seed: how the JDK's generator is made to rebuild a known key pair. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    public String sign(String statement) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(statement.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a checkpoint failed", e);
        }
    }

    public String publicKeyPem() {
        return pem(PUBLIC, publicKey.getEncoded());
    }

    public String keyId() {
        return keyId(publicKey);
    }

    static String keyId(PublicKey key) {
        return EvidenceHashes.sha256Hex(key.getEncoded()).substring(0, 16);
    }

    /** The public key of a PEM text ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, PUBLIC, "public key")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM form: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, String statement, String signatureBase64) {
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(key);
            check.update(statement.getBytes(StandardCharsets.UTF_8));
            return check.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type, String source) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(source + " is not a PEM '" + type + "'");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
