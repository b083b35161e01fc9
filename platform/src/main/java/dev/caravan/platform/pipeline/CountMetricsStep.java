package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.ReceiptListener;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.storage.Receipt;

/**
 * Finish step {@code countMetrics}: the {@link ReceiptListener}s (the request meters) hear about
 * the finished request, authenticated or not.
 */
public final class CountMetricsStep extends FinishStep {

    private final ReceiptListener listeners;

    public CountMetricsStep(ReceiptListener listeners) {
        super("countMetrics");
        this.listeners = listeners;
    }

    @Override
    protected Receipt finish(RequestState state, Receipt receipt) {
        listeners.finished(receipt, state);
        return null;
    }
}
