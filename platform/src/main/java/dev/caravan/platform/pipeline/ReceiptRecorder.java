package dev.caravan.platform.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.api.Money;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.platform.policy.AdmittedPolicies;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Hands a finished request's receipt to the asynchronous writer, exactly once per request, and
 * only for authenticated requests (a receipt belongs to a tenant and key). Keeps the latest
 * receipts in memory for a while, so a client can read its receipt right after the response,
 * before the batch writer has stored it. {@link ReceiptListener}s hear about every finished request,
 * authenticated or not, exactly once.
 */
public final class ReceiptRecorder {

    private final ReceiptWriter writer;
    private final ReceiptPricer pricer;
    private final Cache<String, Receipt> recent = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(2))
            .build();
    private final ReceiptListeners listeners = new ReceiptListeners();

    public ReceiptRecorder(ReceiptWriter writer, ReceiptPricer pricer) {
        this.writer = writer;
        this.pricer = pricer;
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
            recent.put(receipt.traceId(), receipt);
            writer.submit(receipt);
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

    public Optional<Receipt> recent(String traceId) {
        return Optional.ofNullable(recent.getIfPresent(traceId));
    }
}
