package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyHashingTest {

    @Test
    void should_give_sha256_hex_when_hashing() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KeyHashing.hash("abc"));
    }

    @Test
    void should_have_prefix_and_40_base62_chars_when_generating() {
        String key = KeyHashing.newKey();

        assertTrue(key.matches("sk-cvn-[0-9A-Za-z]{40}"), key);
        assertNotEquals(key, KeyHashing.newKey());
    }
}
