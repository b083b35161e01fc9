package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the response side: the {@code direct:caravan-finish} route of
 * {@code routes/finish.yaml} (price, settle policies and budgets, settle rate limits, write the
 * receipt, write the request log, count metrics). A route reaches it with its last step,
 * {@code to: direct:caravan-finish}; what ends after the route has completed (a stream at its last
 * byte or at the client's disconnect, a route without that step) comes in here, on a fresh
 * exchange carrying the request's state and its final status. {@link FinishOnceStep} lets exactly
 * one of them through per request.
 */
public final class FinishRoute {

    public static final String URI = "direct:caravan-finish";
    /** The final status, set by callers outside the route; absent when a route's own step calls. */
    public static final String STATUS = "caravanFinishStatus";
    /** The receipt the finish steps pass along (priced, then with decisions, then scrubbed). */
    public static final String RECEIPT = "caravan.receipt";
    /** True on the one call per request that runs the finish steps (for a route's {@code filter}). */
    public static final String FINISHING = "caravanFinishing";
    /** The request's trace id and final status, set on that call for steps an operator adds. */
    public static final String TRACE_ID = "caravanTraceId";
    public static final String FINAL_STATUS = "caravanStatus";

    private static final Logger LOG = LoggerFactory.getLogger(FinishRoute.class);

    private volatile CamelContext camel;
    private volatile ProducerTemplate template;
    private volatile Endpoint endpoint;

    /** Called once the route files are loaded, before any request can arrive. */
    public void bind(CamelContext context) {
        this.camel = context;
    }

    /** Runs the finish route for {@code state} on this thread; a no-op if the request already finished. */
    public void run(RequestState state, int status) {
        if (state.outcome().isFinished()) {
            return;
        }
        CamelContext context = camel;
        if (context == null) {
            throw new IllegalStateException("the finish route is not bound to a Camel context");
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RequestState.PROPERTY, state);
        exchange.setProperty(STATUS, status);
        producer().send(target(), exchange);
        if (exchange.getException() != null) {
            LOG.error("trace {}: the finish route failed", state.traceId(), exchange.getException());
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    private Endpoint target() {
        Endpoint e = endpoint;
        if (e == null) {
            e = camel.getEndpoint(URI);
            endpoint = e;
        }
        return e;
    }
}
