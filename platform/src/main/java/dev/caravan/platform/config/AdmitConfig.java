package dev.caravan.platform.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code admit:} — the {@code admit} stage's request policies.
 *
 * @param policyTimeout           each policy's time budget for {@code beforeRequest}; over it the
 *                                request fails with 503 naming the policy
 * @param plugins                 ids of the PF4J {@code RequestPolicy} extensions to run, in order
 *                                (a loaded policy not listed here does not run)
 * @param defaultCompletionTokens the completion cap assumed for a request that sets none
 *                                ({@code max_tokens} …), for worst-case reservations
 */
public record AdmitConfig(Duration policyTimeout, List<String> plugins, long defaultCompletionTokens) {

    public static final AdmitConfig DEFAULTS = new AdmitConfig(Duration.ofMillis(200), List.of(), 4096);

    public AdmitConfig {
        plugins = List.copyOf(plugins);
    }
}
