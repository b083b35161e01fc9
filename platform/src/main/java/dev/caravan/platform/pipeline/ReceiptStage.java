package dev.caravan.platform.pipeline;

import io.netty.handler.codec.http.HttpResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code receipt}: the last step of every public route, on success and on error. Records the
 * request's receipt, unless a stream took over (its relay records it after the last byte).
 */
public final class ReceiptStage implements Processor {

    private final ReceiptRecorder recorder;

    public ReceiptStage(ReceiptRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        if (state == null || state.receiptDeferred()) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        int status = body instanceof HttpResponse response ? response.status().code() : 200;
        recorder.record(state, status);
    }
}
