package dev.caravan.platform.storage;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What links stored receipts into the evidence chain, inside the transaction that stores them, so
 * a receipt is chained exactly when it is stored (docs/evidence.md).
 */
public interface ReceiptChain {

    /**
     * Appends {@code stored} (the receipts this transaction inserted, in order) through {@code handle}.
     *
     * @return what to do once the transaction has committed (the chain's head moves only then)
     */
    Runnable append(Handle handle, List<Receipt> stored);

    /** Writes a checkpoint when one is due by time; called by the writer when it is idle. */
    default void idle() {}

    ReceiptChain NONE = (handle, stored) -> () -> {};
}
