package dev.caravan.platform.evidence;

import dev.caravan.platform.config.EvidenceConfig;
import dev.caravan.platform.pipeline.GatewayException;
import dev.caravan.platform.storage.ReceiptChain;
import dev.caravan.platform.storage.ReceiptRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.Processor;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The evidence chain of one gateway: the signing key, the chain the receipt writer appends to, and the stage beans that read it. */
public final class EvidenceParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceParts.class);

    private final EvidenceConfig config;
    private final Jdbi jdbi;
    private final SigningKey key;
    private final EvidenceChain chain;
    private final AuditChainer audit;

    private EvidenceParts(EvidenceConfig config, Jdbi jdbi, SigningKey key, EvidenceChain chain, AuditChainer audit) {
        this.config = config;
        this.jdbi = jdbi;
        this.key = key;
        this.chain = chain;
        this.audit = audit;
    }

    /** Loads (or creates) the key and the chain's head; a key that cannot be read stops start-up (configured means enforced). */
    public static EvidenceParts start(EvidenceConfig config, Jdbi jdbi, Clock clock) {
        if (!config.enabled()) {
            LOG.warn("receipts.evidence.enabled is false: receipts are not chained or signed");
            return new EvidenceParts(config, jdbi, null, null, null);
        }
        SigningKey key = SigningKey.loadOrCreate(config.keyFile());
        EvidenceChain chain = new EvidenceChain(jdbi, key, config, clock);
        AuditChainer audit = new AuditChainer(jdbi, new EvidenceChain(jdbi, key, config, clock, EvidenceChain.AUDIT),
                config.checkpointInterval().compareTo(java.time.Duration.ofSeconds(1)) < 0 ? config.checkpointInterval() : java.time.Duration.ofSeconds(1));
        LOG.info("Evidence chains of node '{}' (receipts, audit): checkpoints signed by Ed25519 key {} ({})", config.nodeId(),
                key.keyId(), config.keyFile());
        return new EvidenceParts(config, jdbi, key, chain, audit);
    }

    /** Chains the audit entries written so far (tests, shutdown). */
    public void chainAuditNow() {
        if (audit != null) {
            audit.chainPending();
        }
    }

    @Override
    public void close() {
        if (audit != null) {
            audit.chainPending(); // what was audited before shutdown is chained before the database closes
            audit.close();
        }
    }

    public ReceiptChain chain() {
        return chain == null ? ReceiptChain.NONE : chain;
    }

    /** {@code receiptProof}, {@code evidencePublicKey}, {@code evidenceExport}; each answers 404 when evidence is off. */
    public Map<String, Processor> beans(ReceiptRepository receipts, Executor storageExecutor) {
        Map<String, Processor> beans = new LinkedHashMap<>();
        if (chain == null) {
            Processor off = exchange -> {
                throw new GatewayException(404, "invalid_request_error", "evidence_disabled", null,
                        "The evidence chain is off on this gateway (receipts.evidence.enabled: false).");
            };
            beans.put("receiptProof", off);
            beans.put("evidencePublicKey", off);
            beans.put("evidenceExport", off);
            return beans;
        }
        EvidenceRepository repository = new EvidenceRepository(jdbi);
        beans.put("receiptProof", new ReceiptProofEndpoint(receipts, repository, key, storageExecutor));
        beans.put("evidencePublicKey", new PublicKeyEndpoint(key, config.nodeId()));
        beans.put("evidenceExport", new EvidenceExportEndpoint(repository, key, storageExecutor));
        return beans;
    }
}
