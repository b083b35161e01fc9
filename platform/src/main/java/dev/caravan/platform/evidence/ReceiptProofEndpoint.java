package dev.caravan.platform.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code receiptProof}: {@code GET /v1/receipts/{traceId}/proof}, to the key that made the
 * request (404 to anyone else): the receipt as chained, its record, the signed checkpoint over it
 * and the Merkle path from its leaf to the checkpoint's root; {@code caravan verify --proof}
 * checks it offline with the public key alone. 409 {@code proof_pending} while the receipt is not
 * stored yet, {@code checkpoint: null} while no checkpoint covers it yet.
 */
public final class ReceiptProofEndpoint extends AsyncProcessorSupport {

    private static final String PREFIX = "/v1/receipts/";
    private static final String SUFFIX = "/proof";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReceiptRepository receipts;
    private final EvidenceRepository evidence;
    private final SigningKey key;
    private final Executor storageExecutor;

    public ReceiptProofEndpoint(ReceiptRepository receipts, EvidenceRepository evidence, SigningKey key, Executor storageExecutor) {
        this.receipts = receipts;
        this.evidence = evidence;
        this.key = key;
        this.storageExecutor = storageExecutor;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        String path = state.endpoint();
        String traceId = path.startsWith(PREFIX) && path.endsWith(SUFFIX)
                ? path.substring(PREFIX.length(), path.length() - SUFFIX.length()) : "";
        CompletableFuture.supplyAsync(() -> proof(traceId, state.key().id()), storageExecutor).whenComplete((body, error) -> {
            try {
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                    if (cause instanceof GatewayException refusal) {
                        throw refusal;
                    }
                    throw new GatewayException(503, "api_error", "storage_unavailable", null,
                            "Receipts cannot be read right now; retry shortly.", null, cause);
                }
                HttpResponses.json(exchange, 200, JSON.writeValueAsBytes(body));
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(false);
        });
        return false;
    }

    private ObjectNode proof(String traceId, String keyId) {
        Optional<Receipt> receipt = receipts.find(traceId).filter(r -> keyId.equals(r.keyId()));
        Optional<ChainRecord> record = receipt.flatMap(r -> evidence.find(EvidenceChain.RECEIPTS, traceId));
        if (receipt.isEmpty()) {
            throw new GatewayException(404, "invalid_request_error", "receipt_not_found", "trace_id",
                    "No stored receipt '" + traceId + "' for this API key (a receipt is stored within a second of its answer).");
        }
        if (record.isEmpty()) {
            throw new GatewayException(409, "invalid_request_error", "proof_pending", "trace_id",
                    "The receipt '" + traceId + "' is not in the evidence chain (stored before evidence was enabled, or not yet).");
        }
        ChainRecord r = record.get();
        ObjectNode out = JSON.createObjectNode();
        try {
            out.set("receipt", r.body() == null ? JSON.nullNode() : JSON.readTree(r.body()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a chained receipt that is not JSON", e);
        }
        out.set("record", EvidenceVerifier.recordJson(r));
        out.put("key_id", key.keyId());
        Optional<Checkpoint> checkpoint = evidence.covering(r.nodeId(), r.chain(), r.seq());
        if (checkpoint.isEmpty()) {
            out.putNull("checkpoint");
            out.putNull("inclusion");
            out.put("status", "pending_checkpoint");
            return out;
        }
        Checkpoint c = checkpoint.get();
        List<byte[]> leaves = new ArrayList<>();
        evidence.leafHashes(c).forEach(hash -> leaves.add(EvidenceHashes.leaf(hash)));
        int index = (int) (r.seq() - c.firstSeq());
        out.set("checkpoint", EvidenceVerifier.checkpointJson(c));
        ObjectNode inclusion = out.putObject("inclusion").put("leaf_index", index).put("tree_size", leaves.size());
        ArrayNode hashes = inclusion.putArray("path");
        MerkleTree.path(leaves, index).forEach(h -> hashes.add(EvidenceHashes.hex(h)));
        out.put("status", "checkpointed");
        return out;
    }
}
