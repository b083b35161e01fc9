package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The repository contract (schema, keys, receipts), run on every supported database by a subclass:
 * {@link H2StorageContractTest}, {@link PostgresStorageContractTest}.
 */
abstract class StorageContractTest extends DatabaseContract {

    // --- schema ---

    @Test
    void should_apply_migrations_once_when_opened_twice() {
        long applied = count("databasechangelog");
        try (Storage again = Storage.open(storageConfig())) {
            assertTrue(again.ping());
        }
        assertEquals(applied, count("databasechangelog"));
        assertTrue(applied >= 3, "change sets recorded: " + applied);
    }

    @Test
    void should_report_product_and_answer_ping_when_open() {
        assertEquals(expectedProduct(), storage.databaseProduct());
        assertTrue(storage.ping());
    }

    @Test
    void should_fail_ping_when_closed() {
        storage.close();
        assertFalse(storage.ping());
    }

    // --- keys ---

    @Test
    void should_find_key_by_hash_when_created() {
        VirtualKey created = keys.create("dev", "acme", KeyHashing.hash("sk-one"), List.of("fast", "smart"));

        Optional<VirtualKey> found = keys.findByHash(KeyHashing.hash("sk-one"));

        assertEquals(Optional.of(created), found);
        assertEquals(new VirtualKey(created.id(), "dev", "acme", List.of("fast", "smart"), true), created);
        assertEquals(1, count("tenants"));
        assertTrue(keys.findByHash(KeyHashing.hash("sk-other")).isEmpty());
    }

    @Test
    void should_reuse_tenant_when_second_key_created() {
        keys.create("a", "acme", KeyHashing.hash("sk-a"), List.of());
        keys.create("b", "acme", KeyHashing.hash("sk-b"), List.of());

        assertEquals(1, count("tenants"));
        assertEquals(2, keys.countActive());
    }

    @Test
    void should_reject_duplicate_name_when_created_twice() {
        keys.create("dev", "acme", KeyHashing.hash("sk-one"), List.of());

        DuplicateKeyNameException e = assertThrows(DuplicateKeyNameException.class,
                () -> keys.create("dev", "other", KeyHashing.hash("sk-two"), List.of()));

        assertEquals("dev", e.keyName());
        assertEquals(1, count("virtual_keys"));
    }

    @Test
    void should_reject_key_value_when_already_used_by_another_key() {
        keys.create("dev", "acme", KeyHashing.hash("sk-one"), List.of());

        StorageException e = assertThrows(StorageException.class,
                () -> keys.create("prod", "acme", KeyHashing.hash("sk-one"), List.of()));

        assertFalse(e instanceof DuplicateKeyNameException);
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
    }

    @Test
    void should_deactivate_key_once_when_revoked() {
        keys.create("dev", "acme", KeyHashing.hash("sk-one"), List.of());

        assertTrue(keys.revoke("dev"));
        assertFalse(keys.revoke("dev"));
        assertFalse(keys.revoke("missing"));

        assertFalse(keys.findByHash(KeyHashing.hash("sk-one")).orElseThrow().active());
        assertEquals(0, keys.countActive());
    }

    @Test
    void should_keep_id_and_apply_config_when_bootstrap_repeated() {
        VirtualKey first = keys.upsertBootstrap("dev", "acme", KeyHashing.hash("sk-old"), List.of("fast"));
        VirtualKey again = keys.upsertBootstrap("dev", "acme", KeyHashing.hash("sk-old"), List.of("fast"));
        VirtualKey rotated = keys.upsertBootstrap("dev", "beta", KeyHashing.hash("sk-new"), List.of());

        assertEquals(first, again);
        assertEquals(new VirtualKey(first.id(), "dev", "beta", List.of(), true), rotated);
        assertTrue(keys.findByHash(KeyHashing.hash("sk-old")).isEmpty());
        assertEquals(Optional.of(rotated), keys.findByHash(KeyHashing.hash("sk-new")));
        assertEquals(1, count("virtual_keys"));
        assertEquals(2, count("tenants"));
    }

    @Test
    void should_keep_key_revoked_when_bootstrapped_again() {
        keys.upsertBootstrap("dev", "acme", KeyHashing.hash("sk-one"), List.of());
        keys.revoke("dev");

        VirtualKey after = keys.upsertBootstrap("dev", "acme", KeyHashing.hash("sk-one"), List.of());

        assertFalse(after.active());
        assertEquals(0, keys.countActive());
    }

    @Test
    void should_store_nothing_but_the_hash_when_key_created() {
        String plain = KeyHashing.newKey();
        keys.create("dev", "acme", KeyHashing.hash(plain), List.of());

        String row = storage.jdbi().withHandle(h -> h.createQuery("SELECT * FROM virtual_keys").mapToMap().one().toString());

        assertFalse(row.contains(plain), row);
        assertTrue(row.contains(KeyHashing.hash(plain)), row);
    }

    // --- receipts ---

    @Test
    void should_read_back_every_field_when_receipt_stored() {
        Receipt full = TestReceipts.full("trace-full");

        receipts.insertBatch(List.of(full));

        assertEquals(Optional.of(full), receipts.find("trace-full"));
    }

    @Test
    void should_read_back_nulls_when_receipt_has_no_upstream() {
        Receipt early = TestReceipts.failedEarly("trace-early");

        receipts.insertBatch(List.of(early));

        assertEquals(Optional.of(early), receipts.find("trace-early"));
    }

    @Test
    void should_keep_cost_to_the_last_decimal_and_unpriced_as_null_when_stored() {
        Receipt priced = TestReceipts.full("trace-priced");
        Receipt unpriced = TestReceipts.unpriced("trace-unpriced");
        receipts.insertBatch(List.of(priced, unpriced));

        assertEquals(new java.math.BigDecimal("0.000123456789012345"), receipts.find("trace-priced").orElseThrow().costUsd());
        assertEquals(Optional.of(unpriced), receipts.find("trace-unpriced"));
        assertEquals(null, receipts.find("trace-unpriced").orElseThrow().costUsd());
    }

    @Test
    void should_find_nothing_when_trace_id_unknown() {
        assertTrue(receipts.find("nope").isEmpty());
    }

    @Test
    void should_ignore_replayed_receipts_when_batch_inserted_again() {
        Receipt a = TestReceipts.full("trace-a");
        Receipt b = TestReceipts.failedEarly("trace-b");
        receipts.insertBatch(List.of(a, b));

        receipts.insertBatch(List.of(a, b, TestReceipts.full("trace-c"), TestReceipts.full("trace-c")));

        assertEquals(3, count("receipts"));
        assertEquals(Optional.of(b), receipts.find("trace-b"));
    }

    @Test
    void should_clip_oversized_client_text_when_stored() {
        Receipt full = TestReceipts.full("trace-long");
        String longModel = "m".repeat(5_000);
        Receipt odd = new Receipt(full.traceId(), full.tenantId(), full.keyId(), full.endpoint(), longModel,
                full.alias(), full.strategy(), full.stream(), full.status(), full.errorType(), "e".repeat(100_000),
                full.servedBy(), full.attempts(), full.promptTokens(), full.completionTokens(), full.cachedTokens(),
                full.reasoningTokens(), full.gatewayOverheadMs(), full.upstreamTtfbMs(), full.upstreamMs(),
                full.totalMs(), full.receivedAt(), full.completedAt());

        receipts.insertBatch(List.of(odd));

        Receipt stored = receipts.find("trace-long").orElseThrow();
        assertEquals(255, stored.requestedModel().length());
        assertEquals(100_000, stored.errorMessage().length());
        assertNotEquals(odd, stored);
    }
}
