package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.evidence.AuditChainer;
import dev.caravan.platform.evidence.EvidenceChain;
import dev.caravan.platform.config.EvidenceConfig;
import dev.caravan.platform.evidence.EvidenceRepository;
import dev.caravan.platform.evidence.EvidenceVerifier;
import dev.caravan.platform.evidence.SigningKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence chain on one database (run on H2 and on PostgreSQL): receipts are chained exactly
 * when stored, a replayed batch is not chained twice, a restarted node continues its chain, the
 * retention purge keeps the chain verifiable, and audit entries get a chain of their own.
 */
abstract class EvidenceStorageContractTest extends DatabaseContract {

    static final Instant OLD = Instant.parse("2026-01-01T00:00:00.123456Z");

    @TempDir
    Path tmp;
    SigningKey key;
    EvidenceConfig config;

    @BeforeEach
    void key() {
        key = SigningKey.loadOrCreate(tmp.resolve("key.pem"));
        config = new EvidenceConfig(true, "node-a", tmp.resolve("key.pem"), 3, Duration.ofHours(1));
    }

    private EvidenceChain chain() {
        EvidenceChain chain = new EvidenceChain(storage.jdbi(), key, config, Clock.systemUTC());
        receipts.chainedBy(chain);
        return chain;
    }

    private static List<Receipt> batch(String prefix, int n) {
        List<Receipt> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PrivacyStorageContractTest.receipt(prefix + i, "acme", "key-1", OLD.plusSeconds(i)));
        }
        return out;
    }

    private EvidenceVerifier.Result verifyExport() throws IOException {
        StringBuilder lines = new StringBuilder();
        new EvidenceRepository(storage.jdbi()).export(r -> lines.append(EvidenceVerifier.recordJson(r)).append('\n'),
                c -> lines.append(EvidenceVerifier.checkpointJson(c)).append('\n'));
        return new EvidenceVerifier(SigningKey.publicKey(key.publicKeyPem())).export(new BufferedReader(new StringReader(lines.toString())));
    }

    @Test
    void should_chain_stored_receipts_and_sign_a_checkpoint_every_three() throws IOException {
        chain();
        receipts.insertBatch(batch("t-", 4));
        receipts.insertBatch(batch("u-", 2));

        EvidenceVerifier.Result result = verifyExport();

        assertTrue(result.ok(), result.problem());
        assertEquals(6, result.records());
        assertEquals(2, result.checkpoints()); // over records 1..3 (inside the batch of 4) and 4..6; none waits
        assertEquals(0, result.unsigned());
    }

    @Test
    void should_not_chain_a_replayed_receipt_twice() throws IOException {
        chain();
        receipts.insertBatch(batch("t-", 2));
        receipts.insertBatch(batch("t-", 2)); // replayed from the spill file after a crash

        assertEquals(2, count("evidence_records"));
        assertTrue(verifyExport().ok());
    }

    @Test
    void should_continue_the_chain_after_a_restart() throws IOException {
        chain();
        receipts.insertBatch(batch("t-", 2));
        reopen();
        chain();
        receipts.insertBatch(batch("u-", 2));

        EvidenceVerifier.Result result = verifyExport();
        assertTrue(result.ok(), result.problem());
        assertEquals(4, result.records());
    }

    @Test
    void should_keep_the_chain_verifiable_when_retention_purges_the_receipts() throws IOException {
        chain();
        receipts.insertBatch(batch("t-", 5));

        int purged = new RetentionRepository(storage.jdbi()).purgeBatch(RetentionRepository.Table.RECEIPTS, null, List.of(),
                OLD.plusSeconds(3), 100);

        assertEquals(3, purged);
        EvidenceVerifier.Result result = verifyExport();
        assertTrue(result.ok(), result.problem());
        assertEquals(3, result.purged());
        assertNull(storage.jdbi().withHandle(h -> h.createQuery("SELECT body FROM evidence_records WHERE record_id = 't-0'")
                .mapTo(String.class).one()), "a purged receipt's content leaves the chain");
    }

    @Test
    void should_chain_audit_entries_once_committed() throws IOException {
        AuditRepository audit = new AuditRepository(storage.jdbi());
        audit.insert(OLD, "admin", "key.revoke", "key:dev", null, null);
        audit.insert(OLD, "admin", "budget.create", "budget:b", null, null);
        AuditChainer chainer = new AuditChainer(storage.jdbi(),
                new EvidenceChain(storage.jdbi(), key, config, Clock.systemUTC(), EvidenceChain.AUDIT), Duration.ofHours(1));
        try {
            chainer.chainPending();
            chainer.chainPending(); // nothing new: nothing chained twice
            audit.insert(OLD, "admin", "key.create", "key:new", null, null);
            chainer.chainPending();
        } finally {
            chainer.close();
        }

        assertEquals(3, count("evidence_records"));
        EvidenceVerifier.Result result = verifyExport();
        assertTrue(result.ok(), result.problem());
        assertEquals(1, result.checkpoints()); // 3 records: one checkpoint by count
    }
}
