package dev.caravan.platform.evidence;


import dev.caravan.platform.config.EvidenceConfig;
import dev.caravan.platform.exchange.GatewayException;
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

    /**
     * {@code receiptProof} and {@code evidencePublicKey}; each answers 404 when evidence is off. The
     * admin export ({@code evidenceExport}) is an admin endpoint, built from {@link #repository()}
     * and {@link #signingKey()}.
     */
    public Map<String, Processor> beans(ReceiptRepository receipts, Executor storageExecutor) {
        Map<String, Processor> beans = new LinkedHashMap<>();
        if (chain == null) {
            beans.put("receiptProof", disabled());
            beans.put("evidencePublicKey", disabled());
            return beans;
        }
        beans.put("receiptProof", new ReceiptProofEndpoint(receipts, repository(), key, storageExecutor));
        beans.put("evidencePublicKey", new PublicKeyEndpoint(key, config.nodeId()));
        return beans;
    }

    /** True when {@code receipts.evidence.enabled}. */
    public boolean enabled() {
        return chain != null;
    }

    /** The chained records and checkpoints; only when {@link #enabled()}. */
    public EvidenceRepository repository() {
        return new EvidenceRepository(jdbi);
    }

    /** The key checkpoints are signed with; only when {@link #enabled()}. */
    public SigningKey signingKey() {
        return key;
    }

    /** What an evidence endpoint answers when evidence is off. */
    public static Processor disabled() {
        return exchange -> {
            throw new GatewayException(404, "invalid_request_error", "evidence_disabled", null,
                    "The evidence chain is off on this gateway (receipts.evidence.enabled: false).");
        };
    }
}
