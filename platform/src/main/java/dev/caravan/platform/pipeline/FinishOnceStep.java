package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import io.netty.handler.codec.http.HttpResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Finish step {@code finishOnce}, first in the finish route: lets the steps after it run exactly
 * once per request. A route's own {@code to: direct:caravan-finish} is passed over when a stream
 * took over the response (its relay comes back at the last byte, with the final status); of
 * several callers (a route's error path after its success path, a client's disconnect racing a
 * stream's end) only the first finishes the request, and its status is the one recorded.
 */
public final class FinishOnceStep implements Processor {

    @Override
    public void process(Exchange exchange) {
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        Integer explicit = exchange.getProperty(FinishRoute.STATUS, Integer.class);
        boolean first;
        if (state == null || (explicit == null && state.outcome().receiptDeferred())) {
            first = false;
        } else {
            first = state.outcome().finish(explicit != null ? explicit : statusOf(exchange));
        }
        exchange.setProperty(FinishRoute.FINISHING, first);
        exchange.removeProperty(FinishRoute.RECEIPT);
        if (first) {
            exchange.setProperty(FinishRoute.TRACE_ID, state.traceId());
            exchange.setProperty(FinishRoute.FINAL_STATUS, state.outcome().status());
        }
    }

    /** The status of the answer the route set, 200 when its body is not an HTTP response. */
    static int statusOf(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof HttpResponse response ? response.status().code() : 200;
    }
}
