package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.StreamTranslator;

/**
 * Serves a client's API family through a target that only speaks chat completions: the request
 * becomes an OpenAI chat body, and the chat answer (complete or streamed) becomes the client's
 * family again. Stateless; per-stream state lives in the returned {@link StreamTranslator}.
 * Methods throw {@link dev.caravan.api.provider.UnsupportedRequestException} for a request field
 * that has no chat equivalent (a 400 naming the field).
 */
public interface ChatBridge {

    /** The OpenAI chat request for the client's {@code request}. */
    ObjectNode toChat(ObjectNode request);

    /** The client-family answer for a complete OpenAI chat completion. */
    byte[] fromChat(ObjectNode request, byte[] chatCompletion);

    /** Wraps the adapter's chat-chunk stream so the client gets its family's events. */
    StreamTranslator stream(ObjectNode request, StreamTranslator chatStream);

    /** The bridge for {@code family}, or null when the platform does not translate that family. */
    static ChatBridge forFamily(ApiFamily family) {
        return switch (family) {
            case MESSAGES -> MessagesBridge.INSTANCE;
            case RESPONSES -> ResponsesBridge.INSTANCE;
            default -> null;
        };
    }
}
