package dev.caravan.api.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import java.time.Instant;

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
 * @param deadline             when the platform stops waiting for this policy's answer, on the
 *                             system clock (since plugin-api 0.1.4): a little before
 *                             {@code admit.policy_timeout_ms} runs out, so an answer given by then
 *                             arrives in time; a policy that waits on something slow (the budget
 *                             ledger) passes it on. Null when the caller set no deadline
 */
public record PolicyRequest(
        RequestContext context,
        String alias,
        ObjectNode body,
        long estimatedPromptTokens,
        long maxCompletionTokens,
        String unestimableField,
        Instant deadline) {

    /** A request without a deadline. */
    public PolicyRequest(RequestContext context, String alias, ObjectNode body, long estimatedPromptTokens, long maxCompletionTokens,
            String unestimableField) {
        this(context, alias, body, estimatedPromptTokens, maxCompletionTokens, unestimableField, null);
    }

    /** A request whose every field was counted, without a deadline. */
    public PolicyRequest(RequestContext context, String alias, ObjectNode body, long estimatedPromptTokens, long maxCompletionTokens) {
        this(context, alias, body, estimatedPromptTokens, maxCompletionTokens, null, null);
    }

    /** This request with {@code deadline}. */
    public PolicyRequest withDeadline(Instant deadline) {
        return new PolicyRequest(context, alias, body, estimatedPromptTokens, maxCompletionTokens, unestimableField, deadline);
    }
}
