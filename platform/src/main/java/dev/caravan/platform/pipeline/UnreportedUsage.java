package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.platform.policy.TokenEstimator;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.upstream.GeneratedText;

/**
 * Usage for a stream that ended without the provider's count of one side: the client hung up
 * before the final chunk (OpenAI reports usage only there), the upstream broke off, or the provider
 * never reports it. The provider still bills the prompt and what it generated, so a receipt of
 * zero tokens and cost {@code 0} would understate the bill. The missing side is counted by the
 * gateway (the prompt as the budget estimator counts it, the generated text with the o200k
 * tokenizer) and the receipt says so with a {@code usage} decision {@code estimated}.
 */
final class UnreportedUsage {

    private final TokenEstimator estimator;

    UnreportedUsage(TokenEstimator estimator) {
        this.estimator = estimator;
    }

    /** {@code reported}, completed where a side is missing; the decision is added to {@code state} when anything was counted. */
    Usage complete(Usage reported, RequestState state, GeneratedText generated) {
        boolean promptMissing = reported.promptTokens() == 0 && state.body() != null;
        boolean outputMissing = reported.completionTokens() == 0 && generated != null && !generated.isEmpty();
        if (!promptMissing && !outputMissing) {
            return reported;
        }
        long prompt = promptMissing ? estimator.promptTokens(promptFields(state.body())) : reported.promptTokens();
        long output = outputMissing ? outputTokens(generated) : reported.completionTokens();
        if (prompt == 0 && output == 0) {
            return reported;
        }
        state.outcome().addDecision(new Receipt.Decision("usage", "gateway", "estimated",
                "the upstream reported no " + (promptMissing && outputMissing ? "usage" : promptMissing ? "prompt tokens" : "completion tokens")
                        + "; counted by the gateway: " + prompt + " prompt, " + output + " completion tokens"));
        return new Usage(prompt, output, reported.cachedTokens(), reported.cacheWriteTokens(), reported.reasoningTokens(), true);
    }

    /**
     * The fields the model reads as its prompt. The budget estimator counts every field (a
     * reservation must not fall short); a bill is counted from what the provider tokenizes.
     */
    private static ObjectNode promptFields(ObjectNode body) {
        ObjectNode prompt = body.objectNode();
        for (String field : PROMPT_FIELDS) {
            if (body.has(field)) {
                prompt.set(field, body.get(field));
            }
        }
        return prompt;
    }

    private static final java.util.List<String> PROMPT_FIELDS = java.util.List.of(
            "messages", "system", "input", "instructions", "prompt", "tools", "functions", "response_format", "text");

    private static long outputTokens(GeneratedText generated) {
        // Past the kept text, about four characters per token (o200k's average on English prose).
        return TokenEstimator.textTokens(generated.kept()) + (generated.beyondLimit() + 3) / 4;
    }
}
