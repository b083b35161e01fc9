package dev.caravan.platform.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * Hands a finished request's receipt to the asynchronous writer, exactly once per request, and
 * only for authenticated requests (a receipt belongs to a tenant and key). Keeps the latest
 * receipts in memory for a while, so a client can read its receipt right after the response,
 * before the batch writer has stored it.
 */
public final class ReceiptRecorder {

    private final ReceiptWriter writer;
    private final ReceiptPricer pricer;
    private final RequestLogger logs;
    private final Cache<String, Receipt> recent = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(2))
            .build();

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

    public void record(RequestState state, int status) {
        if (state.finish(status) && state.key() != null) {
            Receipt receipt = pricer.price(state.toReceipt(), state.usage());
            recent.put(receipt.traceId(), receipt);
            writer.submit(receipt);
            logs.submit(receipt.traceId(), receipt.tenantId(), receipt.keyId(), receipt.receivedAt(), state.context(),
                    state.body(), state.capture());
        }
    }

    public Optional<Receipt> recent(String traceId) {
        return Optional.ofNullable(recent.getIfPresent(traceId));
    }
}
