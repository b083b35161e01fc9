package dev.caravan.platform.logging;

import dev.caravan.platform.upstream.SseResponse;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Feeds an export's lines to the client's chunked response with back-pressure: lines are
 * gathered into chunks of about {@value #CHUNK_BYTES} bytes, and the producer (a storage thread
 * running the database cursor) waits while {@value #MAX_QUEUED} chunks are queued and not yet
 * taken by the channel. The gateway thus holds at most about {@code MAX_QUEUED × CHUNK_BYTES}
 * of an export, however many rows it has. When the client goes away, the next line stops the
 * export ({@link Cancelled}), which ends the query.
 */
public final class ExportStream implements Consumer<String> {

    static final int CHUNK_BYTES = 32 * 1024;
    static final int MAX_QUEUED = 4;
    private static final long WAIT_SLICE_MS = 1_000;
    /** A client that keeps the connection but reads nothing for this long loses the export (and frees the cursor). */
    static final long STALL_MS = 300_000;

    /** Thrown from {@link #accept} to end the database cursor when the client is gone. */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("client closed the export", null, false, false);
        }
    }

    private final SseResponse response;
    private final Object drained = new Object();
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK_BYTES + 1024);
    private volatile boolean clientGone;

    public ExportStream(SseResponse response) {
        this.response = response;
        response.onDrained(() -> {
            synchronized (drained) {
                drained.notifyAll();
            }
        });
        response.onClosedEarly(() -> {
            clientGone = true;
            synchronized (drained) {
                drained.notifyAll();
            }
        });
    }

    @Override
    public void accept(String line) {
        if (clientGone || response.isClosed()) {
            throw new Cancelled();
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        chunk.write(bytes, 0, bytes.length);
        if (chunk.size() >= CHUNK_BYTES) {
            sendChunk();
        }
    }

    /** Sends what is gathered and ends the response. */
    public void finish() {
        if (chunk.size() > 0 && !clientGone) {
            sendChunk();
        }
        response.finish();
    }

    private void sendChunk() {
        waitForRoom();
        byte[] bytes = chunk.toByteArray();
        chunk.reset();
        response.offer(Unpooled.wrappedBuffer(bytes));
    }

    /** Blocks this storage thread (never an I/O thread) until the channel took enough chunks. */
    private void waitForRoom() {
        long stallDeadline = System.currentTimeMillis() + STALL_MS;
        synchronized (drained) {
            while (response.queued() >= MAX_QUEUED && !clientGone && !response.isClosed()) {
                if (System.currentTimeMillis() > stallDeadline) {
                    throw new Cancelled();
                }
                try {
                    drained.wait(WAIT_SLICE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                }
            }
        }
        if (clientGone || response.isClosed()) {
            throw new Cancelled();
        }
    }
}
