package dev.caravan.platform.pipeline;

import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;
import java.util.Optional;

/**
 * Hands a finished request's receipt to the asynchronous writer, exactly once per request, and
 * only for authenticated requests (a receipt belongs to a tenant and key). A client can read its
 * receipt right after the response: until the batch writer has stored it, the writer still holds
 * it in memory ({@link ReceiptWriter#unwritten}); after that the database has it.
 */
public final class ReceiptRecorder {

    private final ReceiptWriter writer;

    public ReceiptRecorder(ReceiptWriter writer) {
        this.writer = writer;
    }

    public void record(RequestState state, int status) {
        if (state.finish(status) && state.key() != null) {
            writer.submit(state.toReceipt());
        }
    }

    /** The receipt if it is not in the database yet; empty once it is (or if there is none). */
    public Optional<Receipt> recent(String traceId) {
        return writer.unwritten(traceId);
    }
}
