package dev.caravan.plugins.guardrails;

import java.util.Map;
import java.util.stream.Collectors;

/** Describes counted findings for a verdict's reason: labels and counts only, never a matched value. */
final class Findings {

    private Findings() {}

    /** e.g. {@code email=2, credit_card=1}. */
    static String describe(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
