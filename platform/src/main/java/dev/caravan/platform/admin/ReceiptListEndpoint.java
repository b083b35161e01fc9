package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptJson;
import dev.caravan.platform.storage.ReceiptPage;
import dev.caravan.platform.storage.ReceiptQuery;
import dev.caravan.platform.storage.ReceiptRepository;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code listReceipts}: {@code GET /admin/v1/receipts} lists stored receipts of every tenant,
 * newest first, filtered by the query parameters ({@link ReceiptListParams}) and paged with
 * {@code next_cursor}. Admin only: place it after {@code adminAuthenticate}. The query runs on the
 * storage executor, so no pipeline thread waits for the database. Receipts still queued for the
 * batch writer are not listed yet.
 */
public final class ReceiptListEndpoint extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptListEndpoint.class);

    private final ReceiptRepository repository;
    private final Executor storageExecutor;
    private final ObjectMapper json = ReceiptJson.mapper();

    public ReceiptListEndpoint(ReceiptRepository repository, Executor storageExecutor) {
        this.repository = repository;
        this.storageExecutor = storageExecutor;
    }

    /** The response body: OpenAI's list shape plus the cursor of the next page (null on the last). */
    record ReceiptList(String object, List<Receipt> data, boolean hasMore, String nextCursor) {}

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        if (state.adminActor() == null) {
            // A route that forgot the gate must not list every tenant's receipts.
            exchange.setException(new IllegalStateException("listReceipts must follow the adminAuthenticate stage"));
            callback.done(true);
            return true;
        }
        ReceiptQuery query;
        try {
            query = ReceiptListParams.parse(exchange);
        } catch (GatewayException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture<ReceiptPage> page;
        try {
            page = CompletableFuture.supplyAsync(() -> repository.list(query), storageExecutor);
        } catch (RejectedExecutionException e) {
            page = CompletableFuture.failedFuture(e);
        }
        boolean sync = page.isDone();
        page.whenComplete((result, error) -> {
            try {
                if (error != null) {
                    LOG.warn("trace {}: listing receipts failed: {}", state.traceId(), error.toString());
                    throw new GatewayException(503, "api_error", "storage_unavailable", null,
                            "Receipts cannot be listed right now; retry shortly.", null, error);
                }
                String next = result.next() == null ? null : ReceiptCursor.encode(result.next());
                HttpResponses.json(exchange, 200, json.writeValueAsBytes(
                        new ReceiptList("list", result.receipts(), next != null, next)));
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(sync);
        });
        return sync;
    }
}
