package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.ReceiptListener;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.pricing.ReceiptPricer;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Processor;

/**
 * The parts of the response side: the finish route's steps (see {@code routes/finish.yaml}), the
 * way into that route for what finishes outside a route ({@link #record}), and what a request
 * needs of them on the way (a stream's tap for the request log, secrets masked in texts the client
 * is sent, a receipt read back before the writer stored it).
 */
public final class ReceiptRecorder {

    private final ReceiptWriter writer;
    private final ReceiptPricer pricer;
    private final RequestLogger logs;
    private final ReceiptListeners listeners = new ReceiptListeners();
    private final FinishRoute finishRoute = new FinishRoute();

    public ReceiptRecorder(ReceiptWriter writer, ReceiptPricer pricer) {
        this(writer, pricer, RequestLogger.disabled());
    }

    /** @param logs where the request's bodies go (per the tenant's logging mode), next to the receipt */
    public ReceiptRecorder(ReceiptWriter writer, ReceiptPricer pricer, RequestLogger logs) {
        this.writer = writer;
        this.pricer = pricer;
        this.logs = logs;
    }

    /** The finish route's steps this recorder provides, by the names route files use. */
    public Map<String, Processor> finishSteps() {
        Map<String, Processor> steps = new LinkedHashMap<>();
        steps.put("finishOnce", new FinishOnceStep());
        steps.put("price", new PriceStep(pricer));
        steps.put("settlePolicies", new SettlePoliciesStep());
        steps.put("writeReceipt", new WriteReceiptStep(writer, logs));
        steps.put("writeRequestLog", new WriteRequestLogStep(logs));
        steps.put("countMetrics", new CountMetricsStep(listeners));
        return steps;
    }

    public FinishRoute finishRoute() {
        return finishRoute;
    }

    /** The request log, whose rules the scope resolution reads. */
    public RequestLogger logs() {
        return logs;
    }

    /** A consumer of a stream's events for the request log, or null when its bodies are not stored. */
    public java.util.function.Consumer<String> streamTap(RequestState state) {
        return state.key() == null ? null : logs.streamTap(ScopedControls.loggingRules(state, logs), state.key().id(), state.capture());
    }

    /** Configured secrets and key-shaped strings masked, for upstream texts the client is sent. */
    public String secretsMasked(String text) {
        return logs.secretsMasked(text);
    }

    public void addListener(ReceiptListener listener) {
        listeners.add(listener);
    }

    /**
     * Finishes a request outside its route (a stream's end, a route without the finish step):
     * runs the finish route once for it with {@code status}; later calls do nothing.
     */
    public void record(RequestState state, int status) {
        finishRoute.run(state, status);
    }

    /** A stream took over the response: its relay records the receipt at its end, before the last events go out. */
    public void deferToStream(RequestState state) {
        state.outcome().deferReceipt();
        listeners.streamOpened(state);
    }

    /** The receipt if it is not in the database yet; empty once it is (or if there is none). */
    public Optional<Receipt> recent(String traceId) {
        return writer.unwritten(traceId);
    }
}
