package dev.caravan.platform.pipeline;

import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.api.Money;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.platform.policy.AdmittedPolicies;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.util.List;
import java.util.Optional;

/**
 * Hands a finished request's receipt to the asynchronous writer, exactly once per request, and
 * only for authenticated requests (a receipt belongs to a tenant and key). A client can read its
 * receipt right after the response: until the batch writer has stored it, the writer still holds
 * it in memory ({@link ReceiptWriter#unwritten}); after that the database has it.
 * {@link ReceiptListener}s hear about every finished request, authenticated or not, exactly once.
 */
public final class ReceiptRecorder {

    private final ReceiptWriter writer;
    private final ReceiptPricer pricer;
    private final RequestLogger logs;
    private final ReceiptListeners listeners = new ReceiptListeners();

    public ReceiptRecorder(ReceiptWriter writer, ReceiptPricer pricer) {
        this(writer, pricer, RequestLogger.disabled());
    }

    /** @param logs where the request's bodies go (per the tenant's logging mode), next to the receipt */
    public ReceiptRecorder(ReceiptWriter writer, ReceiptPricer pricer, RequestLogger logs) {
        this.writer = writer;
        this.pricer = pricer;
        this.logs = logs;
    }

    /** A consumer of a stream's events for the request log, or null when its bodies are not stored. */
    public java.util.function.Consumer<String> streamTap(RequestState state) {
        return state.key() == null ? null : logs.streamTap(state.key().tenantId(), state.key().id(), state.capture());
    }

    /** Configured secrets and key-shaped strings masked, for upstream texts the client is sent. */
    public String secretsMasked(String text) {
        return logs.secretsMasked(text);
    }

    public void addListener(ReceiptListener listener) {
        listeners.add(listener);
    }

    public void record(RequestState state, int status) {
        boolean first = state.finish(status);
        if (first && state.key() != null) {
            Receipt receipt = pricer.price(state.toReceipt(), state.usage());
            // Policies settle first (a budget's reservation becomes the actual cost), so their
            // notes are part of the receipt that is queued.
            if (completePolicies(state, receipt)) {
                receipt = receipt.withDecisions(state.decisions());
            }
            receipt = logs.forStorage(receipt, new dev.caravan.platform.logging.StoredText.Facts(
                    state.capture().doNotTrack(), state.errorFromUpstream(), state.errorCode(),
                    state.capture().presentedSecrets(), state.context()));
            writer.submit(receipt);
            logs.submit(receipt.traceId(), receipt.tenantId(), receipt.keyId(), receipt.receivedAt(), state.context(),
                    state.body(), state.capture());
            listeners.finished(receipt, state);
        } else if (first) {
            listeners.finished(state.toReceipt(), state); // refused before authentication: counted, not stored
        }
    }

    /**
     * Tells the policies that admitted the request how it ended, unless already done. Also the
     * safety net of the {@code admit} stage for routes that end without a {@code receipt} stage.
     *
     * @return true when policies ran and may have added decisions
     */
    public boolean completePolicies(RequestState state, Receipt priced) {
        AdmittedPolicies admitted = state.admittedPolicies();
        if (admitted.isCompleted() || state.context() == null) {
            return false;
        }
        Money cost = switch (priced.pricing()) {
            case Receipt.PRICED -> new Money(priced.costUsd(), "USD");
            case Receipt.UNPRICED -> null;
            default -> Money.ZERO_USD; // nothing was served, nothing is owed
        };
        int status = priced.status();
        boolean succeeded = status < 400 && priced.errorType() == null;
        List<PolicyNote> notes = admitted.complete(state.context(), status, state.usage(), cost, succeeded);
        notes.forEach(n -> state.addDecision(new Receipt.Decision(n.stage(), n.id(), n.outcome(), n.detail())));
        return true;
    }

    /** Prices what the request has so far; for {@link #completePolicies} outside {@link #record}. */
    public Receipt priced(RequestState state) {
        return pricer.price(state.toReceipt(), state.usage());
    }

    /** A stream took over the response: its relay records the receipt after the last byte. */
    public void deferToStream(RequestState state) {
        state.deferReceipt();
        listeners.streamOpened(state);
    }

    /** The receipt if it is not in the database yet; empty once it is (or if there is none). */
    public Optional<Receipt> recent(String traceId) {
        return writer.unwritten(traceId);
    }
}
