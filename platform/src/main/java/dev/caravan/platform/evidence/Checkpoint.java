package dev.caravan.platform.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A signed statement over a range of a chain's records: their Merkle root, the hash of the last
 * one (the chain's head at that point) and the hash of the previous checkpoint's statement, so
 * checkpoints form a chain of their own and no range can be dropped or swapped unnoticed.
 *
 * @param statement the exact text that was signed (canonical JSON, see {@link #statement})
 */
public record Checkpoint(String nodeId, String chain, long number, long firstSeq, long lastSeq, String root, String head,
        String previous, Instant createdAt, String keyId, String statement, String signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The canonical statement: fixed field order, no white space. */
    static String statement(String nodeId, String chain, long number, long firstSeq, long lastSeq, String root,
            String head, String previous, Instant createdAt, String keyId) {
        ObjectNode s = JSON.createObjectNode()
                .put("node", nodeId).put("chain", chain).put("number", number)
                .put("first_seq", firstSeq).put("last_seq", lastSeq)
                .put("root", root).put("head", head).put("previous", previous)
                .put("created_at", createdAt.toString()).put("key_id", keyId);
        return s.toString();
    }

    /** A checkpoint read back from its statement and signature (the columns beside them are indexes, not evidence). */
    public static Checkpoint parse(String statement, String signature) {
        try {
            JsonNode s = JSON.readTree(statement);
            return new Checkpoint(s.path("node").asText(), s.path("chain").asText(), s.path("number").asLong(),
                    s.path("first_seq").asLong(), s.path("last_seq").asLong(), s.path("root").asText(),
                    s.path("head").asText(), s.path("previous").asText(), Instant.parse(s.path("created_at").asText()),
                    s.path("key_id").asText(), statement, signature);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint statement: " + e.getMessage(), e);
        }
    }

    /** The hash the next checkpoint names as {@code previous}. */
    public String hash() {
        return EvidenceHashes.sha256Hex(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("statement", statement).put("signature", signature);
        try {
            out.set("fields", JSON.readTree(statement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
