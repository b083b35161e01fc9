package dev.caravan.api.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.RequestContext;

/**
 * One call the platform asks an adapter to make: the client's request in canonical form and the
 * target chosen by routing.
 *
 * <p>The canonical form of a request is the OpenAI shape of its family (for chat, an OpenAI
 * {@code /v1/chat/completions} body). {@link #body()} is shared: adapters must not modify it;
 * use {@link #bodyCopy()} to build the upstream body.
 *
 * @param family      the API family the client called
 * @param body        the client's request body in canonical form
 * @param targetModel the upstream model name taken from the alias target
 * @param stream      whether the client asked for a stream
 * @param provider    the configured provider to call
 * @param context     who is calling
 */
public record ProviderCall(
        ApiFamily family,
        ObjectNode body,
        String targetModel,
        boolean stream,
        ProviderSettings provider,
        RequestContext context) {

    public ObjectNode bodyCopy() {
        return body.deepCopy();
    }
}
