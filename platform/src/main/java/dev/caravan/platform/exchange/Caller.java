package dev.caravan.platform.exchange;

import dev.caravan.api.ApiFamily;
import dev.caravan.platform.storage.VirtualKey;
import java.time.Instant;
import java.util.List;

/**
 * Who called and what they asked for, fixed once {@code resolveAlias} has run: from then on no stage,
 * policy or script can change the caller a receipt names, the API family its answer is shaped in, or
 * the model it named. What the pipeline does with the request (alias, body, stream, the metadata
 * policies add, the route) and what came of it ({@link Outcome}) stay outside.
 *
 * @param traceId          the request's trace id ({@code x-caravan-trace-id})
 * @param endpoint         the path the client called
 * @param receivedAt       when the gateway accepted it
 * @param keepAlive        whether the client's connection stays open after the answer
 * @param key              the virtual key it authenticated with
 * @param requestedModel   the model the client named
 * @param family           the API family the client called
 * @param clientBetas      the client's {@code anthropic-beta} names
 */
public record Caller(String traceId, String endpoint, Instant receivedAt, boolean keepAlive, VirtualKey key,
        String requestedModel, ApiFamily family, List<String> clientBetas) {}
