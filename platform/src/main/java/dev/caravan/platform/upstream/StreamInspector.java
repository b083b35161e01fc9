package dev.caravan.platform.upstream;

import dev.caravan.api.provider.SseEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Looks at a stream's translated events before the client gets them (the response guardrails). The
 * relay hands over each batch and waits for the answer before it reads more from the upstream, so
 * calls never overlap; the answer may come on another thread.
 */
public interface StreamInspector {

    /**
     * @param events   the client-format events of one upstream read
     * @param complete true for the last batch (the upstream ended cleanly)
     * @return what may go to the client now; events not released yet stay with the inspector
     */
    CompletableFuture<Release> inspect(List<SseEvent> events, boolean complete);

    /**
     * @param send events to send now, in order
     * @param stop null to go on; else the events that end the stream after {@code send} (the upstream call is cancelled)
     */
    record Release(List<SseEvent> send, List<SseEvent> stop) {

        public static Release of(List<SseEvent> send) {
            return new Release(List.copyOf(send), null);
        }

        public static Release stopWith(List<SseEvent> stop) {
            return new Release(List.of(), List.copyOf(stop));
        }
    }
}
