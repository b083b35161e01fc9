package dev.caravan.plugins.budget;

import dev.caravan.api.budget.ModelPrice;
import dev.caravan.api.policy.PolicyRequest;
import java.math.BigDecimal;

/**
 * The most a request can cost before it is sent: every estimated prompt token at the input price
 * plus the whole completion cap at the output price, plus any per-request fee. Exact decimals.
 */
final class WorstCase {

    private WorstCase() {}

    static BigDecimal usd(PolicyRequest request, ModelPrice price) {
        BigDecimal input = price.inputPerMtok().multiply(BigDecimal.valueOf(request.estimatedPromptTokens()));
        BigDecimal output = price.outputPerMtok().multiply(BigDecimal.valueOf(request.maxCompletionTokens()));
        return input.add(output).movePointLeft(6).add(price.perRequest());
    }

    static BigDecimal tokens(PolicyRequest request) {
        return BigDecimal.valueOf(request.estimatedPromptTokens() + request.maxCompletionTokens());
    }
}
