package dev.caravan.platform.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between request threads and the receipt writer thread. One lock guards the
 * queue and the count of receipts ever accepted, so "accepted before a flush" is exact: the first
 * {@code accepted()} receipts taken out are precisely those accepted before it was read.
 */
final class ReceiptBuffer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Receipt> items = new ArrayDeque<>();
    private final int capacity;
    private final int batchSize;
    private long accepted;
    private boolean hurry;
    private boolean closed;

    ReceiptBuffer(int capacity, int batchSize) {
        this.capacity = Math.max(1, capacity);
        this.batchSize = Math.max(1, batchSize);
    }

    /** Adds the receipt unless the buffer is full or closed; never waits. */
    boolean offer(Receipt receipt) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.addLast(receipt);
            accepted++;
            if (items.size() == 1 || items.size() == batchSize) {
                changed.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    long accepted() {
        lock.lock();
        try {
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Asks the writer to take what is queued now instead of waiting for a full batch. */
    void hurry() {
        lock.lock();
        try {
            hurry = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further receipts; {@link #nextBatch} then returns what remains without waiting. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next batch: a full batch, or whatever arrived once {@code maxWaitNanos} passed
     * since the first receipt of the batch was seen, or at once after {@link #hurry} or
     * {@link #close}. Returns an empty list when nothing arrived within {@code idleNanos}, or when
     * the buffer is closed and empty.
     */
    List<Receipt> nextBatch(long maxWaitNanos, long idleNanos) throws InterruptedException {
        lock.lock();
        try {
            long idle = idleNanos;
            while (items.isEmpty()) {
                hurry = false; // nothing left from before the hurry
                if (closed || idle <= 0) {
                    return List.of();
                }
                idle = changed.awaitNanos(idle);
            }
            long wait = maxWaitNanos;
            while (items.size() < batchSize && !hurry && !closed && wait > 0) {
                wait = changed.awaitNanos(wait);
            }
            List<Receipt> batch = new ArrayList<>(Math.min(items.size(), batchSize));
            while (batch.size() < batchSize && !items.isEmpty()) {
                batch.add(items.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }
}
