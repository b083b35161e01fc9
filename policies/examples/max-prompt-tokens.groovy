// The same extension as a PF4J plugin implements, written as a class: refuses prompts over 8000
// tokens (as counted by the gateway's tokenizer) before they cost anything.
// Enable:  cp policies/examples/max-prompt-tokens.groovy policies/
import dev.caravan.api.policy.PolicyDecision
import dev.caravan.api.policy.PolicyOutcome
import dev.caravan.api.policy.PolicyRequest
import dev.caravan.api.policy.RequestPolicy
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

class MaxPromptTokens implements RequestPolicy {
    static final long LIMIT = 8000

    String id() { 'max-prompt-tokens' }

    CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
        if (request.estimatedPromptTokens() > LIMIT) {
            return CompletableFuture.completedFuture(PolicyDecision.deny(id(), 400, 'prompt_too_long',
                    "The prompt has about ${request.estimatedPromptTokens()} tokens; at most ${LIMIT} are allowed.".toString()))
        }
        CompletableFuture.completedFuture(PolicyDecision.allow(id()))
    }

    void afterResponse(PolicyOutcome outcome) {}
}
