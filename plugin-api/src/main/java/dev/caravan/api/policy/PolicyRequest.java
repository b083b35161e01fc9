package dev.caravan.api.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;

/**
 * A request as a policy sees it before it is routed.
 *
 * @param context              who is calling
 * @param alias                the alias the request is routed to
 * @param body                 the canonical request body; read-only (return changes in the decision)
 * @param estimatedPromptTokens prompt tokens counted by the platform's tokenizer
 * @param maxCompletionTokens  the completion cap the request carries, or the model's limit
 */
public record PolicyRequest(
        RequestContext context,
        String alias,
        ObjectNode body,
        long estimatedPromptTokens,
        long maxCompletionTokens) {}
