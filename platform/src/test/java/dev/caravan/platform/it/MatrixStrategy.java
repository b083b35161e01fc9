package dev.caravan.platform.it;

import java.util.List;
import java.util.Locale;

/**
 * One routing strategy of the fault matrix, set up so that its outcome is deterministic: each
 * row gets its own alias and its own upstream models (so scripts and call counts never mix), a
 * failing target {@code a} and, where the strategy can use one, a healthy target {@code b}. Every
 * alias retries once (1-2 ms backoff), so retryable faults show {@code retry:} before they move on.
 */
enum MatrixStrategy {
    /** One target: the fault is the client's answer. */
    SINGLE,
    /** {@code a}, then {@code b}. */
    FALLBACK,
    /** {@code a} weight 1 and {@code b} weight 0: the pick is always {@code a}, and a pool does not fail over. */
    LOADBALANCE,
    /** A rule matching {@code metadata.lane == 'faults'} names a fallback alias of {@code a}, then {@code b}. */
    CONDITIONAL;

    private static final String RETRY = "retry: { attempts: 1, backoff_ms: 1, max_backoff_ms: 2 }";

    /** The request header that makes the conditional rule match (sent on every row). */
    static final String METADATA = "{\"lane\":\"faults\"}";

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String alias(Fault fault) {
        return id() + "-" + fault.id;
    }

    String failingModel(Fault fault) {
        return fault.id + "-" + id() + "-a";
    }

    String healthyModel(Fault fault) {
        return fault.id + "-" + id() + "-b";
    }

    /** Whether a failure worth another go moves on to {@code b}. */
    boolean fallsBack() {
        return this == FALLBACK || this == CONDITIONAL;
    }

    /** Whether {@code b} is configured at all (a single alias has one target). */
    boolean hasHealthyTarget() {
        return this != SINGLE;
    }

    /** The receipt's {@code via} of both targets: the aliases and strategies that chose them. */
    List<String> via(Fault fault) {
        return switch (this) {
            case CONDITIONAL -> List.of(alias(fault) + "(conditional)", alias(fault) + "-inner(fallback)");
            default -> List.of(alias(fault) + "(" + id() + ")");
        };
    }

    /** The {@code models:} items of this row. */
    String yaml(Fault fault) {
        String a = "{ provider: " + fault.provider + ", model: " + failingModel(fault)
                + (fault.targetTimeoutMs() > 0 ? ", timeout_ms: " + fault.targetTimeoutMs() : "");
        String b = "{ provider: mock, model: " + healthyModel(fault);
        return switch (this) {
            case SINGLE -> item(alias(fault), "single", a + " }");
            case FALLBACK -> item(alias(fault), "fallback", a + " }, " + b + " }");
            case LOADBALANCE -> item(alias(fault), "loadbalance", a + ", weight: 1 }, " + b + ", weight: 0 }");
            case CONDITIONAL -> "  - { alias: " + alias(fault) + ", strategy: conditional, when: [ "
                    + "{ if: \"metadata.lane == 'faults'\", then: " + alias(fault) + "-inner }, { else: fast } ] }\n"
                    + item(alias(fault) + "-inner", "fallback", a + " }, " + b + " }");
        };
    }

    private static String item(String alias, String strategy, String targets) {
        return "  - { alias: " + alias + ", strategy: " + strategy + ", " + RETRY + ", targets: [ " + targets + " ] }\n";
    }
}
