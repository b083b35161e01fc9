package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.storage.Receipt;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step of the finish route. It runs only on the one call per request that {@link FinishOnceStep}
 * let through, and a step that fails is logged with the trace id and the next steps still run: a
 * failing meter or pricing bug must not cost the request its receipt.
 */
public abstract class FinishStep implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FinishStep.class);

    private final String name;

    protected FinishStep(String name) {
        this.name = name;
    }

    @Override
    public final void process(Exchange exchange) {
        if (!Boolean.TRUE.equals(exchange.getProperty(FinishRoute.FINISHING))) {
            return;
        }
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        try {
            Receipt receipt = exchange.getProperty(FinishRoute.RECEIPT, Receipt.class);
            Receipt next = finish(state, receipt == null ? state.toReceipt() : receipt);
            if (next != null) {
                exchange.setProperty(FinishRoute.RECEIPT, next);
            }
        } catch (RuntimeException e) {
            LOG.error("trace {}: finish step '{}' failed", state.traceId(), name, e);
        }
    }

    /**
     * Does this step's part for a finished request.
     *
     * @param receipt the receipt as the steps before left it
     * @return the receipt for the steps after (this one's changes applied), or null when unchanged
     */
    protected abstract Receipt finish(RequestState state, Receipt receipt);
}
