package dev.caravan.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The guardrail entries of every scope and how they run. A request gets the global list, then its
 * tenant's, its key's and its alias's, in that order; the lists add up (see docs/guardrails.md).
 *
 * @param global            top-level {@code guardrails:}
 * @param byTenant          {@code tenants[].guardrails} by tenant id
 * @param byKey             {@code keys[].guardrails} by key name
 * @param byAlias           {@code models[].guardrails} by alias
 * @param failClosed        {@code guardrails_on_error: deny}: a check that throws or overruns denies the call
 * @param timeout           {@code guardrails_timeout_ms}: the time budget of one check
 * @param streamCheckChars  {@code guardrails_stream_check_chars}: a streamed answer is checked each time this
 *                          many new characters have arrived, and at its end
 */
public record GuardrailsConfig(
        List<GuardrailEntry> global,
        Map<String, List<GuardrailEntry>> byTenant,
        Map<String, List<GuardrailEntry>> byKey,
        Map<String, List<GuardrailEntry>> byAlias,
        boolean failClosed,
        Duration timeout,
        int streamCheckChars) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_STREAM_CHECK_CHARS = 200;

    public GuardrailsConfig {
        global = List.copyOf(global);
        byTenant = Map.copyOf(byTenant);
        byKey = Map.copyOf(byKey);
        byAlias = Map.copyOf(byAlias);
    }

    public static GuardrailsConfig none() {
        return new GuardrailsConfig(List.of(), Map.of(), Map.of(), Map.of(), false, DEFAULT_TIMEOUT, DEFAULT_STREAM_CHECK_CHARS);
    }

    /** Every entry of every scope, in a stable order (for start-up validation). */
    public List<GuardrailEntry> all() {
        List<GuardrailEntry> all = new ArrayList<>(global);
        Stream.of(byTenant, byKey, byAlias)
                .flatMap(m -> m.values().stream())
                .flatMap(List::stream)
                .sorted(Comparator.comparing(GuardrailEntry::path))
                .forEach(all::add);
        return all;
    }
}
