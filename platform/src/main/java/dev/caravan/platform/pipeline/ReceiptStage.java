package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code receipt}, kept for route files written before the finish route: the same as a last
 * step {@code to: direct:caravan-finish}. Unless a stream took over (its relay finishes the
 * request after the last byte), runs the finish route with the status of the route's answer.
 */
public final class ReceiptStage implements Processor {

    private final ReceiptRecorder recorder;

    public ReceiptStage(ReceiptRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        if (state == null || state.outcome().receiptDeferred()) {
            return;
        }
        recorder.record(state, FinishOnceStep.statusOf(exchange));
    }
}
