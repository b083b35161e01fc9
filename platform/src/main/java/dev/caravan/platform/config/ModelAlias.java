package dev.caravan.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code models[]} — a model name clients may request and how it is served.
 *
 * @param alias    the name clients send as {@code model}
 * @param strategy {@code single}, {@code fallback}, {@code loadbalance} or {@code conditional}
 * @param targets  the targets (empty for {@code conditional})
 * @param onStatus upstream statuses that move a fallback on to the next target (connect errors and
 *                 timeouts always do)
 * @param retry    retries of one target before moving on (targets may override it)
 * @param deadline the whole request's time limit across every attempt and backoff
 * @param sticky   {@code loadbalance}: {@code key}, {@code tenant} or {@code metadata.<field>} to
 *                 send the same caller to the same target; null for none
 * @param when     {@code conditional}: rules tried in order, the last one an {@code else}
 */
public record ModelAlias(
        String alias,
        String strategy,
        List<TargetConfig> targets,
        Set<Integer> onStatus,
        RetryPolicy retry,
        Duration deadline,
        String sticky,
        List<ConditionRule> when) {

    public static final Set<Integer> DEFAULT_ON_STATUS = Set.of(429, 500, 502, 503, 504);
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

    public ModelAlias {
        targets = List.copyOf(targets);
        onStatus = Set.copyOf(onStatus);
        when = List.copyOf(when);
    }

    /** A {@code single} alias with defaults for everything else. */
    public static ModelAlias single(String alias, TargetConfig target) {
        return new ModelAlias(alias, "single", List.of(target), DEFAULT_ON_STATUS, RetryPolicy.NONE, DEFAULT_DEADLINE, null, List.of());
    }
}
