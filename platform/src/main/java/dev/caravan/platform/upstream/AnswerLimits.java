package dev.caravan.platform.upstream;

/**
 * How much of one provider's answer the gateway reads, so that no upstream can make it buffer
 * without bound: {@code max_response_bytes} for an answer read whole (a JSON body, an error body,
 * an SSE answer to a non-streaming request), {@code max_event_bytes} for one event of a relayed
 * stream (a stream as a whole is not bounded: it is relayed as it arrives, not held).
 */
public record AnswerLimits(long maxResponseBytes, long maxEventBytes) {

    public AnswerLimits {
        if (maxResponseBytes < 1 || maxEventBytes < 1) {
            throw new IllegalArgumentException("answer limits must be at least 1 byte");
        }
    }
}
