package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptJson;
import dev.caravan.platform.storage.ReceiptRepository;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code getReceipt}: {@code GET /v1/receipts/{traceId}} returns the receipt to the key that
 * made the request, and 404 to anyone else (without saying whether it exists). Receipts still on
 * their way to the database are served from the recorder's recent cache.
 */
public final class ReceiptsEndpoint extends AsyncProcessorSupport {

    private static final String PREFIX = "/v1/receipts/";

    private final ReceiptRecorder recorder;
    private final ReceiptRepository repository;
    private final Executor storageExecutor;
    private final ObjectMapper json = ReceiptJson.mapper();

    public ReceiptsEndpoint(ReceiptRecorder recorder, ReceiptRepository repository, Executor storageExecutor) {
        this.recorder = recorder;
        this.repository = repository;
        this.storageExecutor = storageExecutor;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        String traceId = state.endpoint().startsWith(PREFIX) ? state.endpoint().substring(PREFIX.length()) : "";
        Optional<Receipt> recent = recorder.recent(traceId);
        CompletableFuture<Optional<Receipt>> lookup = recent.isPresent()
                ? CompletableFuture.completedFuture(recent)
                : CompletableFuture.supplyAsync(() -> repository.find(traceId), storageExecutor);
        boolean sync = lookup.isDone();
        lookup.whenComplete((receipt, error) -> {
            try {
                if (error != null) {
                    throw new GatewayException(503, "api_error", "storage_unavailable", null,
                            "Receipts cannot be read right now; retry shortly.", null, error);
                }
                Receipt found = receipt.filter(r -> state.key().id().equals(r.keyId()))
                        .orElseThrow(() -> new GatewayException(404, "invalid_request_error", "receipt_not_found",
                                "trace_id", "No receipt '" + traceId + "' for this API key."));
                HttpResponses.json(exchange, 200, json.writeValueAsBytes(found));
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(sync);
        });
        return sync;
    }
}
