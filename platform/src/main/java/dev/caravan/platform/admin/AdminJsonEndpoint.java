package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.storage.ReceiptJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of admin endpoints that answer JSON from the database: refuses to run unless
 * {@code adminAuthenticate} passed, parses the request on the calling thread (a
 * {@link GatewayException} becomes the error response), does the database work on the storage
 * executor, and writes the result with the receipts' JSON conventions (snake_case, ISO instants).
 */
public abstract class AdminJsonEndpoint<P> extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AdminJsonEndpoint.class);

    private final Executor storageExecutor;
    private final ObjectMapper json = ReceiptJson.mapper();

    protected AdminJsonEndpoint(Executor storageExecutor) {
        this.storageExecutor = storageExecutor;
    }

    /**
     * Reads and checks the request: its path and query parameters, which Camel mapped into message
     * headers ({@link QueryParameters}). Runs on the pipeline thread; no I/O.
     */
    protected abstract P parse(RequestState state, Exchange exchange);

    /** The response body object; runs on a storage thread. May throw {@link GatewayException} (e.g. 404). */
    protected abstract Object answer(P params, RequestState state);

    @Override
    public final boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        P params;
        try {
            if (state.adminActor() == null) {
                throw new IllegalStateException(getClass().getSimpleName() + " must follow the adminAuthenticate stage");
            }
            params = parse(state, exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture<Object> result;
        try {
            result = CompletableFuture.supplyAsync(() -> answer(params, state), storageExecutor);
        } catch (RejectedExecutionException e) {
            result = CompletableFuture.failedFuture(e);
        }
        boolean sync = result.isDone();
        result.whenComplete((body, error) -> {
            try {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof GatewayException gateway) {
                    throw gateway;
                }
                if (cause != null) {
                    LOG.warn("trace {}: {} failed: {}", state.traceId(), getClass().getSimpleName(), cause.toString());
                    throw new GatewayException(503, "api_error", "storage_unavailable", null,
                            "The database cannot answer right now; retry shortly.", null, cause);
                }
                HttpResponses.json(exchange, 200, json.writeValueAsBytes(body));
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(sync);
        });
        return sync;
    }
}
