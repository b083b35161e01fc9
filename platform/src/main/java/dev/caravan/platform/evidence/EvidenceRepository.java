package dev.caravan.platform.evidence;

import dev.caravan.platform.storage.StorageException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The chain's records and checkpoints in the database ({@code db/changes/0008-evidence-chain.yaml}). */
public final class EvidenceRepository {

    private static final String RECORD_COLUMNS = "node_id, chain, seq, record_id, body, prev_hash, hash";

    private final Jdbi jdbi;

    public EvidenceRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Handle handle, List<ChainRecord> records) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO evidence_records (" + RECORD_COLUMNS + ")"
                + " VALUES (:node, :chain, :seq, :id, :body, :prev, :hash)");
        for (ChainRecord r : records) {
            batch.bind("node", r.nodeId()).bind("chain", r.chain()).bind("seq", r.seq()).bind("id", r.recordId())
                    .bind("body", r.body()).bind("prev", r.prevHash()).bind("hash", r.hash()).add();
        }
        batch.execute();
    }

    void insert(Handle handle, Checkpoint c) {
        handle.createUpdate("INSERT INTO evidence_checkpoints (node_id, chain, number, first_seq, last_seq, statement, key_id, signature)"
                        + " VALUES (:node, :chain, :number, :first, :last, :statement, :key, :signature)")
                .bind("node", c.nodeId()).bind("chain", c.chain()).bind("number", c.number())
                .bind("first", c.firstSeq()).bind("last", c.lastSeq()).bind("statement", c.statement())
                .bind("key", c.keyId()).bind("signature", c.signature())
                .execute();
    }

    Optional<ChainRecord> last(String node, String chain) {
        return read(h -> h.createQuery("SELECT " + RECORD_COLUMNS + " FROM evidence_records WHERE node_id = :node AND chain = :chain"
                        + " ORDER BY seq DESC LIMIT 1")
                .bind("node", node).bind("chain", chain).map((rs, ctx) -> record(rs)).findOne());
    }

    Optional<Checkpoint> lastCheckpoint(String node, String chain) {
        return read(h -> h.createQuery("SELECT statement, signature FROM evidence_checkpoints WHERE node_id = :node AND chain = :chain"
                        + " ORDER BY number DESC LIMIT 1")
                .bind("node", node).bind("chain", chain)
                .map((rs, ctx) -> Checkpoint.parse(rs.getString(1), rs.getString(2))).findOne());
    }

    /** The hashes of records {@code first..last}, in order. */
    List<String> hashes(String node, String chain, long first, long last) {
        return read(h -> h.createQuery("SELECT hash FROM evidence_records WHERE node_id = :node AND chain = :chain"
                        + " AND seq BETWEEN :first AND :last ORDER BY seq")
                .bind("node", node).bind("chain", chain).bind("first", first).bind("last", last)
                .mapTo(String.class).list());
    }

    /** The record of receipt {@code recordId} (any node). */
    public Optional<ChainRecord> find(String chain, String recordId) {
        return read(h -> h.createQuery("SELECT " + RECORD_COLUMNS + " FROM evidence_records WHERE chain = :chain AND record_id = :id"
                        + " ORDER BY seq LIMIT 1")
                .bind("chain", chain).bind("id", recordId).map((rs, ctx) -> record(rs)).findOne());
    }

    /** The checkpoint whose range holds {@code seq}, if one was written yet. */
    public Optional<Checkpoint> covering(String node, String chain, long seq) {
        return read(h -> h.createQuery("SELECT statement, signature FROM evidence_checkpoints WHERE node_id = :node AND chain = :chain"
                        + " AND first_seq <= :seq AND last_seq >= :seq")
                .bind("node", node).bind("chain", chain).bind("seq", seq)
                .map((rs, ctx) -> Checkpoint.parse(rs.getString(1), rs.getString(2))).findOne());
    }

    public List<String> leafHashes(Checkpoint c) {
        return hashes(c.nodeId(), c.chain(), c.firstSeq(), c.lastSeq());
    }

    /** Every record, then every checkpoint, of every node, in chain order: the evidence export. */
    public long export(Consumer<ChainRecord> records, Consumer<Checkpoint> checkpoints) {
        return read(h -> {
            long[] n = {0};
            h.createQuery("SELECT " + RECORD_COLUMNS + " FROM evidence_records ORDER BY node_id, chain, seq")
                    .setFetchSize(500)
                    .map((rs, ctx) -> record(rs))
                    .useStream(stream -> stream.forEach(r -> {
                        records.accept(r);
                        n[0]++;
                    }));
            h.createQuery("SELECT statement, signature FROM evidence_checkpoints ORDER BY node_id, chain, number")
                    .map((rs, ctx) -> Checkpoint.parse(rs.getString(1), rs.getString(2)))
                    .useStream(stream -> stream.forEach(checkpoints));
            return n[0];
        });
    }

    /**
     * Retention: the content of purged receipts leaves the chain too, their hashes stay, so the
     * chain and its checkpoints still verify.
     */
    public int purgeBodies(Handle handle, String chain, List<String> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        return handle.createUpdate("UPDATE evidence_records SET body = NULL WHERE chain = :chain AND record_id IN (<ids>)")
                .bind("chain", chain).bindList("ids", recordIds).execute();
    }

    private static ChainRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ChainRecord(rs.getString("node_id"), rs.getString("chain"), rs.getLong("seq"), rs.getString("record_id"),
                rs.getString("body"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw new StorageException("cannot read the evidence chain: " + e.getMessage(), e);
        }
    }
}
