package dev.caravan.api.provider;

import dev.caravan.api.Usage;
import java.util.List;

/**
 * Translates one upstream event stream into the canonical stream of the call's family (for chat:
 * OpenAI {@code chat.completion.chunk} events followed by {@code [DONE]}).
 *
 * <p>Threading: one instance per stream; the platform calls it from one thread at a time, in
 * event order, usually on the upstream client's thread that read the bytes (never a Netty I/O
 * thread). Methods must not block or do I/O: they run while the client waits for the next chunk,
 * and that thread reads other streams too.
 */
public interface StreamTranslator {

    /**
     * Translates one upstream event. Returns the events to send to the client, possibly none
     * (e.g. a usage-only chunk the client did not ask for) or several.
     */
    List<SseEvent> onEvent(SseEvent upstreamEvent);

    /**
     * Called once when the upstream body ended. Returns any closing events the client still
     * needs. When {@link #endedCleanly()} is false afterwards, the platform treats the stream as
     * truncated: it ends the client's stream with an error event and records it in the receipt.
     */
    List<SseEvent> onComplete();

    /** Whether the upstream signalled the proper end of its stream (e.g. OpenAI's {@code [DONE]}). */
    boolean endedCleanly();

    /** Usage seen so far; final after {@link #onComplete()}. */
    Usage usage();
}
