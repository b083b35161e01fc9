package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;

/**
 * Finish step {@code price}: the receipt of the request as it ended, with its exact decimal cost
 * from the usage and the price list. A request refused before authentication has no tenant, so
 * nothing is owed and it stays unpriced.
 */
public final class PriceStep extends FinishStep {

    private final ReceiptPricer pricer;

    public PriceStep(ReceiptPricer pricer) {
        super("price");
        this.pricer = pricer;
    }

    @Override
    protected Receipt finish(RequestState state, Receipt receipt) {
        Receipt asEnded = state.toReceipt();
        return state.key() == null ? asEnded : pricer.price(asEnded, state.outcome().usage(), state.outcome().generatedImages());
    }
}
