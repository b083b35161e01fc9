package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.storage.Receipt;

/**
 * Finish step {@code writeRequestLog}: the request's bodies, as the tenant's logging mode allows
 * (none, metadata only, redacted, full), queued for the request log beside the receipt.
 */
public final class WriteRequestLogStep extends FinishStep {

    private final RequestLogger logs;

    public WriteRequestLogStep(RequestLogger logs) {
        super("writeRequestLog");
        this.logs = logs;
    }

    @Override
    protected Receipt finish(RequestState state, Receipt receipt) {
        if (state.key() != null) {
            logs.submit(receipt.traceId(), receipt.tenantId(), receipt.keyId(), receipt.receivedAt(), state.context(),
                    state.body(), state.capture(), ScopedControls.loggingRules(state, logs));
        }
        return null;
    }
}
