package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.logging.StoredText;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.ReceiptWriter;

/**
 * Finish step {@code writeReceipt}: the receipt of an authenticated request, its texts scrubbed
 * per the tenant's logging mode, handed to the batch writer (which keeps it readable from memory
 * until it is stored). A request refused before authentication belongs to no tenant: no receipt.
 */
public final class WriteReceiptStep extends FinishStep {

    private final ReceiptWriter writer;
    private final RequestLogger logs;

    public WriteReceiptStep(ReceiptWriter writer, RequestLogger logs) {
        super("writeReceipt");
        this.writer = writer;
        this.logs = logs;
    }

    @Override
    protected Receipt finish(RequestState state, Receipt receipt) {
        if (state.key() == null) {
            return null;
        }
        Receipt stored = logs.forStorage(receipt, new StoredText.Facts(state.capture().doNotTrack(), state.outcome().errorFromUpstream(),
                state.outcome().errorCode(), state.capture().presentedSecrets(), state.context()), ScopedControls.loggingRules(state, logs));
        writer.submit(stored);
        return stored;
    }
}
