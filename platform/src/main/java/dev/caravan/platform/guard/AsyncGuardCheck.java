package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardVerdict;
import java.util.concurrent.CompletableFuture;

/**
 * A check that runs on a pool of its own (a Groovy guardrail on the script runner): the
 * {@link GuardRunner} chains on its result instead of lending it a guard thread, so no thread
 * waits for it. The guardrail time budget still applies on top of the check's own limit.
 */
public interface AsyncGuardCheck extends GuardCheck {

    /** The verdict, later; completes exceptionally when the check fails or overruns its own limit. */
    CompletableFuture<GuardVerdict> checkAsync(GuardInput input);

    /** For callers that can wait (tests, tools); the gateway never calls it. */
    @Override
    default GuardVerdict check(GuardInput input) {
        return checkAsync(input).join();
    }
}
