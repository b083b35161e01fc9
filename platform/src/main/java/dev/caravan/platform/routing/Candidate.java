package dev.caravan.platform.routing;

import dev.caravan.platform.config.RetryPolicy;
import dev.caravan.platform.config.TargetConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One concrete target a request may be sent to, with the rules of the alias that listed it.
 *
 * @param target   provider and upstream model
 * @param via      the aliases and strategies that led here, outermost first, e.g.
 *                 {@code [smart(fallback), cheap(loadbalance)]}
 * @param timeout  this target's timeout, or null for the provider's
 * @param retry    retries of this target
 * @param onStatus statuses that are worth a retry or a fallback
 */
public record Candidate(TargetConfig target, List<String> via, Duration timeout, RetryPolicy retry, Set<Integer> onStatus) {

    public Candidate {
        via = List.copyOf(via);
        onStatus = Set.copyOf(onStatus);
    }

    public String label() {
        return target.label();
    }
}
