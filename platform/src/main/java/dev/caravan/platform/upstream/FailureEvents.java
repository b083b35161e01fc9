package dev.caravan.platform.upstream;

import dev.caravan.api.provider.SseEvent;
import java.util.List;

/**
 * Implemented by a stream translator whose client speaks another wire format than OpenAI chat
 * (Anthropic Messages, Responses): the events that end the client's stream when the upstream
 * fails mid-stream. {@link StreamRelay} uses OpenAI's error chunk for translators without it.
 */
public interface FailureEvents {

    List<SseEvent> failureEvents(String message);
}
