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
 * @param maxCompletionTokens  the most completion tokens the request can be billed for: its cap (or
 *                             the model's limit) times the choices it asks for ({@code n}, {@code best_of})
 * @param unestimableField     the first field whose content the platform cannot count (a file, a
 *                             PDF, audio: {@code messages[0].content[1]}), or null when every field
 *                             was counted; a policy that reserves for the prompt should refuse then
 */
public record PolicyRequest(
        RequestContext context,
        String alias,
        ObjectNode body,
        long estimatedPromptTokens,
        long maxCompletionTokens,
        String unestimableField) {

    /** A request whose every field was counted. */
    public PolicyRequest(RequestContext context, String alias, ObjectNode body, long estimatedPromptTokens, long maxCompletionTokens) {
        this(context, alias, body, estimatedPromptTokens, maxCompletionTokens, null);
    }
}
