package dev.caravan.platform.stage;

import dev.caravan.api.stage.StageDecision;
import dev.caravan.api.stage.StageRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one custom stage (a plugin's or a script's) off the calling thread, stopped at {@code limit}:
 * the future completes with the decision, or with a {@link StageFailure} (or the stage's own
 * exception, taken as {@link StageFailure.Kind#ERROR}).
 */
@FunctionalInterface
public interface StageCall {
    CompletableFuture<StageDecision> call(StageRequest request, Duration limit);
}
