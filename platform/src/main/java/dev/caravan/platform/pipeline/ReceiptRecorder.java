package dev.caravan.platform.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.time.Duration;
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
            recent.put(receipt.traceId(), receipt);
            writer.submit(receipt);
            listeners.finished(receipt, state);
        } else if (first) {
            listeners.finished(state.toReceipt(), state); // refused before authentication: counted, not stored
        }
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
