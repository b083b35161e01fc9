package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.ReceiptListener;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.storage.Receipt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of a {@link ReceiptRecorder}: tells each in turn; one that throws is logged and skipped. */
final class ReceiptListeners implements ReceiptListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptListeners.class);

    // Added at start-up, read on every request: copy-on-write keeps the reads free of locks.
    private final List<ReceiptListener> listeners = new CopyOnWriteArrayList<>();

    void add(ReceiptListener listener) {
        listeners.add(listener);
    }

    @Override
    public void streamOpened(RequestState state) {
        for (ReceiptListener listener : listeners) {
            try {
                listener.streamOpened(state);
            } catch (RuntimeException e) {
                LOG.warn("receipt listener {} failed on trace {}", listener.getClass().getName(), state.traceId(), e);
            }
        }
    }

    @Override
    public void finished(Receipt receipt, RequestState state) {
        for (ReceiptListener listener : listeners) {
            try {
                listener.finished(receipt, state);
            } catch (RuntimeException e) {
                LOG.warn("receipt listener {} failed on trace {}", listener.getClass().getName(), receipt.traceId(), e);
            }
        }
    }
}
