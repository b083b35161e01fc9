package dev.caravan.platform.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks evidence offline, with nothing but the gateway's public key: an export (every record and
 * checkpoint, as {@code GET /admin/v1/evidence} writes it) or one receipt's proof
 * ({@code GET /v1/receipts/{id}/proof}). Names the first record that was altered, deleted,
 * inserted or reordered, or the checkpoint that was.
 */
public final class EvidenceVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a check found: {@code problem} is null when everything verified. */
    public record Result(String problem, long records, long checkpoints, long purged, long unsigned) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A line of the file that is not evidence: the file is unusable, not tampered. */
    public static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    private final PublicKey key;
    private final String keyId;

    public EvidenceVerifier(PublicKey key) {
        this.key = key;
        this.keyId = SigningKey.keyId(key);
    }

    public Result export(BufferedReader lines) throws IOException {
        Map<String, List<ChainRecord>> chains = new LinkedHashMap<>();
        Map<String, List<Checkpoint>> checkpoints = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = parse(line, number);
            String type = node.path("type").asText();
            switch (type) {
                case "evidence_export" -> { }
                case "error" -> throw new BadInput("line " + number + ": the export is incomplete: " + node.path("message").asText());
                case "record" -> {
                    ChainRecord r = record(node, number);
                    chains.computeIfAbsent(r.nodeId() + "/" + r.chain(), k -> new ArrayList<>()).add(r);
                }
                case "checkpoint" -> {
                    Checkpoint c = checkpoint(node, number);
                    checkpoints.computeIfAbsent(c.nodeId() + "/" + c.chain(), k -> new ArrayList<>()).add(c);
                }
                default -> throw new BadInput("line " + number + ": type must be evidence_export, record or checkpoint, got '" + type + "'");
            }
        }
        long records = 0;
        long signed = 0;
        long purged = 0;
        long unsigned = 0;
        for (String chain : union(chains, checkpoints)) {
            ChainCheck check = new ChainCheck(chain, chains.getOrDefault(chain, List.of()), checkpoints.getOrDefault(chain, List.of()));
            String problem = check.run();
            records += check.records.size();
            signed += check.checkpoints.size();
            purged += check.purged;
            unsigned += check.unsigned;
            if (problem != null) {
                return new Result(problem, records, signed, purged, unsigned);
            }
        }
        return new Result(null, records, signed, purged, unsigned);
    }

    /** One receipt's proof: its record's hash, its leaf's path to the checkpoint's root, and the checkpoint's signature. */
    public Result proof(JsonNode proof) {
        if (!proof.path("record").isObject()) {
            throw new BadInput("a proof holds 'record', 'checkpoint' and 'inclusion' (as GET /v1/receipts/{id}/proof answers)");
        }
        ChainRecord r = record(proof.path("record"), 0);
        if (r.body() == null) {
            return new Result("record seq " + r.seq() + " (" + r.recordId() + "): its content was purged; only its hash remains", 1, 0, 1, 0);
        }
        if (!EvidenceHashes.record(r.prevHash(), r.body()).equals(r.hash())) {
            return new Result("altered: record seq " + r.seq() + " (" + r.recordId() + "): its content does not match its hash", 1, 0, 0, 0);
        }
        JsonNode receipt = proof.path("receipt");
        if (!receipt.isMissingNode() && !receipt.isNull() && !receipt.equals(parse(r.body(), 0))) {
            return new Result("altered: the receipt in the proof differs from the chained record seq " + r.seq(), 1, 0, 0, 0);
        }
        if (!proof.path("checkpoint").isObject()) {
            return new Result("record seq " + r.seq() + " is not covered by a checkpoint yet; ask again after the next one", 1, 0, 0, 1);
        }
        Checkpoint c = checkpoint(proof.path("checkpoint"), 0);
        String signature = signatureProblem(c);
        if (signature != null) {
            return new Result(signature, 1, 1, 0, 0);
        }
        JsonNode inclusion = proof.path("inclusion");
        List<byte[]> path = new ArrayList<>();
        inclusion.path("path").forEach(h -> path.add(EvidenceHashes.unhex(h.asText())));
        long index = r.seq() - c.firstSeq();
        boolean included = inclusion.path("leaf_index").asLong(-1) == index
                && inclusion.path("tree_size").asLong(-1) == c.lastSeq() - c.firstSeq() + 1
                && MerkleTree.verify(EvidenceHashes.leaf(r.hash()), index, c.lastSeq() - c.firstSeq() + 1, path,
                        EvidenceHashes.unhex(c.root()));
        if (!included) {
            return new Result("record seq " + r.seq() + " is not included in checkpoint " + c.number() + " (its path does not lead to the signed root)", 1, 1, 0, 0);
        }
        return new Result(null, 1, 1, 0, 0);
    }

    private String signatureProblem(Checkpoint c) {
        if (!c.keyId().equals(keyId)) {
            return "checkpoint " + c.number() + " of " + c.nodeId() + ": signed by key " + c.keyId() + ", not by the given key " + keyId;
        }
        if (!SigningKey.verify(key, c.statement(), c.signature())) {
            return "altered: checkpoint " + c.number() + " of " + c.nodeId() + ": its signature does not match its statement";
        }
        return null;
    }

    /** One node's chain: records in order, each linked to its predecessor, each range matching its signed checkpoint. */
    private final class ChainCheck {
        final String name;
        final List<ChainRecord> records;
        final List<Checkpoint> checkpoints;
        long purged;
        long unsigned;

        ChainCheck(String name, List<ChainRecord> records, List<Checkpoint> checkpoints) {
            this.name = name;
            this.records = records;
            this.checkpoints = checkpoints;
        }

        String run() {
            String previous = EvidenceHashes.GENESIS;
            long expected = 1;
            java.util.Set<Long> present = new java.util.HashSet<>();
            records.forEach(r -> present.add(r.seq()));
            for (ChainRecord r : records) {
                String at = "record seq " + r.seq() + " (" + r.recordId() + ") of " + name;
                if (r.seq() < expected) {
                    return (r.seq() == expected - 1 ? "inserted: " : "reordered: ") + at + " appears after seq " + (expected - 1);
                }
                if (r.seq() > expected && present.contains(expected)) {
                    return "reordered: " + at + " appears before seq " + expected;
                }
                if (r.seq() > expected) {
                    return "deleted: " + (r.seq() - expected == 1 ? "record seq " + expected : "records seq " + expected + ".." + (r.seq() - 1))
                            + " of " + name + " missing before seq " + r.seq();
                }
                if (r.body() == null) {
                    purged++;
                } else if (!EvidenceHashes.record(r.prevHash(), r.body()).equals(r.hash())) {
                    return "altered: " + at + ": its content does not match its hash";
                }
                if (!r.prevHash().equals(previous)) {
                    return "altered or inserted: " + at + ": it does not link to the record before it";
                }
                previous = r.hash();
                expected++;
            }
            String previousCheckpoint = EvidenceHashes.GENESIS;
            long nextFirst = 1;
            long number = 1;
            for (Checkpoint c : checkpoints) {
                String at = "checkpoint " + c.number() + " of " + name + " (seq " + c.firstSeq() + ".." + c.lastSeq() + ")";
                String signature = signatureProblem(c);
                if (signature != null) {
                    return signature;
                }
                if (c.number() != number || c.firstSeq() != nextFirst || !c.previous().equals(previousCheckpoint)) {
                    return "deleted or reordered: " + at + " does not follow checkpoint " + (number - 1);
                }
                if (c.lastSeq() > records.size()) {
                    return "deleted: " + at + " signs records the export does not hold (it ends at seq " + records.size() + ")";
                }
                List<byte[]> leaves = new ArrayList<>();
                for (long seq = c.firstSeq(); seq <= c.lastSeq(); seq++) {
                    leaves.add(EvidenceHashes.leaf(records.get((int) seq - 1).hash()));
                }
                if (!EvidenceHashes.hex(MerkleTree.root(leaves)).equals(c.root())
                        || !records.get((int) c.lastSeq() - 1).hash().equals(c.head())) {
                    return "altered: the records of " + at + " do not match its signed root: records in that range were rewritten";
                }
                previousCheckpoint = c.hash();
                nextFirst = c.lastSeq() + 1;
                number++;
            }
            unsigned = records.size() - (nextFirst - 1);
            return null;
        }
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> names = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        return names;
    }

    private static JsonNode parse(String text, int line) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInput((line > 0 ? "line " + line + ": " : "") + "not JSON: " + e.getOriginalMessage());
        }
    }

    private static ChainRecord record(JsonNode n, int line) {
        for (String field : List.of("node", "chain", "seq", "record_id", "prev_hash", "hash")) {
            if (!n.hasNonNull(field)) {
                throw new BadInput((line > 0 ? "line " + line + ": " : "") + "record without '" + field + "'");
            }
        }
        return new ChainRecord(n.get("node").asText(), n.get("chain").asText(), n.get("seq").asLong(), n.get("record_id").asText(),
                n.hasNonNull("body") ? n.get("body").asText() : null, n.get("prev_hash").asText(), n.get("hash").asText());
    }

    private static Checkpoint checkpoint(JsonNode n, int line) {
        if (!n.hasNonNull("statement") || !n.hasNonNull("signature")) {
            throw new BadInput((line > 0 ? "line " + line + ": " : "") + "checkpoint without 'statement' and 'signature'");
        }
        try {
            return Checkpoint.parse(n.get("statement").asText(), n.get("signature").asText());
        } catch (IllegalArgumentException e) {
            throw new BadInput((line > 0 ? "line " + line + ": " : "") + e.getMessage());
        }
    }

    /** The JSON line of a record in an export (also the {@code record} of a proof). */
    public static com.fasterxml.jackson.databind.node.ObjectNode recordJson(ChainRecord r) {
        com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode().put("type", "record")
                .put("node", r.nodeId()).put("chain", r.chain()).put("seq", r.seq()).put("record_id", r.recordId());
        if (r.body() == null) {
            out.putNull("body");
        } else {
            out.put("body", r.body());
        }
        return out.put("prev_hash", r.prevHash()).put("hash", r.hash());
    }

    /** The JSON line of a checkpoint in an export (also the {@code checkpoint} of a proof). */
    public static com.fasterxml.jackson.databind.node.ObjectNode checkpointJson(Checkpoint c) {
        return JSON.createObjectNode().put("type", "checkpoint").put("statement", c.statement()).put("signature", c.signature());
    }
}
