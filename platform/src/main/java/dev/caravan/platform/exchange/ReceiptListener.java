package dev.caravan.platform.exchange;

import dev.caravan.platform.storage.Receipt;

/**
 * Hears about each request as {@link ReceiptRecorder} finishes it, e.g. to count it in metrics.
 * Called on the thread that finished the request (a pipeline worker, or a stream's relay thread),
 * so an implementation must be quick, must not block and must not throw; a listener that throws
 * is logged and the request is unaffected.
 */
public interface ReceiptListener {

    /** A stream's head went out to the client; {@link #finished} follows when its last byte has. */
    default void streamOpened(RequestState state) {}

    /**
     * Called exactly once per finished request. {@code receipt} is the priced receipt that goes to
     * the writer, or, for a request refused before authentication (no key, so nothing is stored),
     * the same fields without tenant, key or cost.
     */
    void finished(Receipt receipt, RequestState state);
}
