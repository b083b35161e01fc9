package dev.caravan.plugins.openai;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.List;

/**
 * An OpenAI chat stream is already in the canonical form: every event goes to the client as it
 * came (the same {@link SseEvent}), except the usage-only chunk that Caravan itself asked for.
 * Usage is taken from any chunk that carries it; {@code [DONE]} marks a clean end.
 */
final class ChatStreamTranslator implements StreamTranslator {

    static final String DONE = "[DONE]";

    private final boolean forwardUsageChunk;
    private Usage usage = Usage.NONE;
    private boolean done;

    /** @param forwardUsageChunk whether the client asked for the usage chunk itself */
    ChatStreamTranslator(boolean forwardUsageChunk) {
        this.forwardUsageChunk = forwardUsageChunk;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        String data = upstreamEvent.data();
        if (data == null) {
            return List.of(upstreamEvent);
        }
        if (DONE.equals(data.strip())) {
            done = true;
            return List.of(upstreamEvent);
        }
        ChunkFacts facts = ChunkFacts.of(data);
        if (facts.usage().reported()) {
            usage = facts.usage();
        }
        if (facts.isUsageOnly() && !forwardUsageChunk) {
            return List.of();
        }
        return List.of(upstreamEvent);
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of();
    }

    @Override
    public boolean endedCleanly() {
        return done;
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
