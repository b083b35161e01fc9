package dev.caravan.platform.evidence;

import dev.caravan.platform.config.EvidenceConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptChain;
import dev.caravan.platform.storage.ReceiptJson;
import dev.caravan.platform.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's chain of receipts. Each stored receipt becomes a record whose hash covers its
 * canonical JSON and its predecessor's hash; after {@code checkpoint_records} records, or
 * {@code checkpoint_interval} after the first unsigned one, a checkpoint signs the Merkle root of
 * the records since the last one. Appends run on the receipt writer's one thread, inside the
 * transaction that stores the receipts, so the chain and the receipts never disagree; the head
 * moves only when that transaction commits. The records since the last checkpoint are kept in
 * memory (their hashes only: bounded by the checkpoint size plus one batch).
 */
public final class EvidenceChain implements ReceiptChain {

    public static final String RECEIPTS = "receipts";
    public static final String AUDIT = "audit";

    /** What one record chains: the id it is found by, and the canonical JSON that is hashed. */
    public record Entry(String id, String body) {}
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceChain.class);

    private final Jdbi jdbi;
    private final EvidenceRepository repository;
    private final SigningKey key;
    private final String nodeId;
    private final String chain;
    private final int checkpointRecords;
    private final Duration checkpointInterval;
    private final Clock clock;
    private State state;

    /** Where the chain stands: the next record's number and predecessor, the unsigned records, the last checkpoint. */
    private record State(long nextSeq, String head, List<String> unsigned, long firstUnsigned, Instant firstUnsignedAt,
            long checkpoints, String lastCheckpoint) {}

    public EvidenceChain(Jdbi jdbi, SigningKey key, EvidenceConfig config, Clock clock) {
        this(jdbi, key, config, clock, RECEIPTS);
    }

    public EvidenceChain(Jdbi jdbi, SigningKey key, EvidenceConfig config, Clock clock, String chain) {
        this.jdbi = jdbi;
        this.repository = new EvidenceRepository(jdbi);
        this.key = key;
        this.nodeId = config.nodeId();
        this.chain = chain;
        this.checkpointRecords = config.checkpointRecords();
        this.checkpointInterval = config.checkpointInterval();
        this.clock = clock;
        this.state = load();
    }

    private State load() {
        ChainRecord last = repository.last(nodeId, chain).orElse(null);
        Checkpoint checkpoint = repository.lastCheckpoint(nodeId, chain).orElse(null);
        long signedUpTo = checkpoint == null ? 0 : checkpoint.lastSeq();
        List<String> unsigned = last == null ? new ArrayList<>() : repository.hashes(nodeId, chain, signedUpTo + 1, last.seq());
        return new State(last == null ? 1 : last.seq() + 1, last == null ? EvidenceHashes.GENESIS : last.hash(),
                unsigned, signedUpTo + 1, unsigned.isEmpty() ? null : clock.instant(),
                checkpoint == null ? 0 : checkpoint.number(), checkpoint == null ? EvidenceHashes.GENESIS : checkpoint.hash());
    }

    public String nodeId() {
        return nodeId;
    }

    public SigningKey key() {
        return key;
    }

    @Override
    public Runnable append(Handle handle, List<Receipt> stored) {
        List<Entry> entries = new ArrayList<>(stored.size());
        stored.forEach(receipt -> entries.add(new Entry(receipt.traceId(), canonical(receipt))));
        return appendEntries(handle, entries);
    }

    /** Appends through {@code handle}; the returned action moves the head once that transaction committed. */
    public synchronized Runnable appendEntries(Handle handle, List<Entry> entries) {
        if (entries.isEmpty()) {
            return () -> {};
        }
        // A copy of the unsigned hashes, grown in place: the committed state stays as it was if this transaction fails.
        State next = new State(state.nextSeq(), state.head(), new ArrayList<>(state.unsigned()), state.firstUnsigned(),
                state.firstUnsignedAt(), state.checkpoints(), state.lastCheckpoint());
        List<ChainRecord> records = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            String hash = EvidenceHashes.record(next.head(), entry.body());
            records.add(new ChainRecord(nodeId, chain, next.nextSeq(), entry.id(), entry.body(), next.head(), hash));
            next.unsigned().add(hash);
            next = new State(next.nextSeq() + 1, hash, next.unsigned(), next.firstUnsigned(),
                    next.firstUnsignedAt() == null ? clock.instant() : next.firstUnsignedAt(), next.checkpoints(), next.lastCheckpoint());
            if (next.unsigned().size() >= checkpointRecords) {
                next = checkpoint(handle, next); // exactly checkpoint_records per checkpoint, even inside a batch
            }
        }
        repository.insert(handle, records);
        State advanced = next;
        return () -> commit(advanced);
    }

    private synchronized void commit(State next) {
        state = next;
    }

    /** A checkpoint when the oldest unsigned record has waited {@code checkpoint_interval}. */
    @Override
    public synchronized void idle() {
        State s = state;
        if (s.unsigned().isEmpty() || s.firstUnsignedAt() == null
                || Duration.between(s.firstUnsignedAt(), clock.instant()).compareTo(checkpointInterval) < 0) {
            return;
        }
        try {
            state = jdbi.inTransaction(handle -> checkpoint(handle, s));
        } catch (JdbiException | StorageException e) {
            LOG.warn("Writing an evidence checkpoint failed; retried at the next idle moment: {}", e.getMessage());
        }
    }

    private State checkpoint(Handle handle, State s) {
        List<byte[]> leaves = new ArrayList<>(s.unsigned().size());
        s.unsigned().forEach(hash -> leaves.add(EvidenceHashes.leaf(hash)));
        long number = s.checkpoints() + 1;
        long last = s.firstUnsigned() + s.unsigned().size() - 1;
        String statement = Checkpoint.statement(nodeId, chain, number, s.firstUnsigned(), last,
                EvidenceHashes.hex(MerkleTree.root(leaves)), s.head(), s.lastCheckpoint(), clock.instant(), key.keyId());
        Checkpoint checkpoint = Checkpoint.parse(statement, key.sign(statement));
        repository.insert(handle, checkpoint);
        return new State(s.nextSeq(), s.head(), new ArrayList<>(), last + 1, null, number, checkpoint.hash());
    }

    /** The one JSON form of a receipt ({@link ReceiptJson}): what is hashed is what a verifier reads. */
    static String canonical(Receipt receipt) {
        try {
            return ReceiptJson.mapper().writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt that cannot be written as JSON", e);
        }
    }
}
