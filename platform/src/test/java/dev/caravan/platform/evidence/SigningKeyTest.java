package dev.caravan.platform.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path tmp;

    @Test
    void should_generate_a_key_at_first_start_owner_only_and_load_the_same_key_afterwards() throws Exception {
        Path file = tmp.resolve("data/key.pem");
        SigningKey first = SigningKey.loadOrCreate(file);
        SigningKey again = SigningKey.loadOrCreate(file);

        assertEquals(first.keyId(), again.keyId());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(SigningKey.verify(SigningKey.publicKey(again.publicKeyPem()), "statement", first.sign("statement")));
        assertFalse(SigningKey.verify(SigningKey.publicKey(again.publicKeyPem()), "statement!", first.sign("statement")));
    }

    @Test
    void should_load_an_operators_pkcs8_key_without_its_public_half_as_openssl_writes_it() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path file = Files.writeString(tmp.resolve("op.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        SigningKey key = SigningKey.loadOrCreate(file);

        assertEquals(SigningKey.keyId(pair.getPublic()), key.keyId());
        assertTrue(SigningKey.verify(pair.getPublic(), "s", key.sign("s")));
    }

    @Test
    void should_refuse_a_key_file_that_is_not_an_ed25519_key_naming_the_setting() throws Exception {
        for (String text : List.of("not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")) {
            Path file = Files.writeString(tmp.resolve("bad-" + text.length() + ".pem"), text);

            dev.caravan.platform.config.ConfigException e = assertThrows(dev.caravan.platform.config.ConfigException.class,
                    () -> SigningKey.loadOrCreate(file));

            assertTrue(e.problems().get(0).startsWith("receipts.evidence.key_file: "), e.problems().toString());
        }
    }

    @Test
    void should_verify_merkle_paths_of_every_leaf_and_refuse_a_wrong_one() {
        for (int size = 1; size <= 9; size++) {
            List<byte[]> leaves = new java.util.ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(EvidenceHashes.leaf(EvidenceHashes.sha256Hex(new byte[] {(byte) i})));
            }
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < size; i++) {
                assertTrue(MerkleTree.verify(leaves.get(i), i, size, MerkleTree.path(leaves, i), root), size + "/" + i);
                if (size > 1) {
                    assertFalse(MerkleTree.verify(leaves.get(i), (i + 1) % size, size, MerkleTree.path(leaves, i), root), size + "/" + i);
                }
            }
        }
    }
}
