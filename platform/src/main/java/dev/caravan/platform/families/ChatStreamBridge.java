package dev.caravan.platform.families;

import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.ArrayList;
import java.util.List;

/**
 * A client-family stream built on a chat target's stream: the chat adapter's translator turns the
 * upstream's events into OpenAI chunks, and the subclass turns each chunk into its family's events.
 */
abstract class ChatStreamBridge implements StreamTranslator {

    protected final StreamTranslator chat;

    ChatStreamBridge(StreamTranslator chat) {
        this.chat = chat;
    }

    /** Turns one OpenAI chat chunk event (or {@code [DONE]}) into the client family's events. */
    abstract void translate(SseEvent chatEvent, List<SseEvent> out);

    @Override
    public final List<SseEvent> onEvent(SseEvent upstreamEvent) {
        return translateAll(chat.onEvent(upstreamEvent));
    }

    @Override
    public final List<SseEvent> onComplete() {
        return translateAll(chat.onComplete());
    }

    private List<SseEvent> translateAll(List<SseEvent> chatEvents) {
        List<SseEvent> out = new ArrayList<>(4);
        for (SseEvent event : chatEvents) {
            translate(event, out);
        }
        return out;
    }
}
