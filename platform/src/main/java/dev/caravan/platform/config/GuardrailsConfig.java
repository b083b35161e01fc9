package dev.caravan.platform.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrail entries of every scope and how they run. A request runs every entry whose scope
 * matches it: the global ones, then its tenant's, its key's, its alias's and its metadata's, each
 * band in configuration order; the lists add up (see docs/guardrails.md).
 *
 * @param entries           every entry: the top-level list in file order, then the older nested
 *                          {@code tenants[]}, {@code keys[]}, {@code models[]} lists by path
 * @param failClosed        {@code guardrails_on_error: deny}: a check that throws or overruns denies the call
 * @param timeout           {@code guardrails_timeout_ms}: the time budget of one check
 * @param streamCheckChars  {@code guardrails_stream_check_chars}: a streamed answer is checked each time this
 *                          many new characters have arrived, and at its end
 */
public record GuardrailsConfig(
        List<GuardrailEntry> entries,
        boolean failClosed,
        Duration timeout,
        int streamCheckChars) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_STREAM_CHECK_CHARS = 200;

    public GuardrailsConfig {
        entries = List.copyOf(entries);
    }

    public static GuardrailsConfig none() {
        return new GuardrailsConfig(List.of(), false, DEFAULT_TIMEOUT, DEFAULT_STREAM_CHECK_CHARS);
    }

    /** Every entry, in a stable order (for start-up validation). */
    public List<GuardrailEntry> all() {
        return entries;
    }

    /** The entries scoped {@code global}. */
    public List<GuardrailEntry> global() {
        return entries.stream().filter(e -> e.scope().kind() == Scope.Kind.GLOBAL).toList();
    }

    public Map<String, List<GuardrailEntry>> byTenant() {
        return by(Scope.Kind.TENANT);
    }

    public Map<String, List<GuardrailEntry>> byKey() {
        return by(Scope.Kind.KEY);
    }

    public Map<String, List<GuardrailEntry>> byAlias() {
        return by(Scope.Kind.ALIAS);
    }

    private Map<String, List<GuardrailEntry>> by(Scope.Kind kind) {
        Map<String, List<GuardrailEntry>> by = new LinkedHashMap<>();
        entries.stream().filter(e -> e.scope().kind() == kind)
                .forEach(e -> by.computeIfAbsent(e.scope().value(), v -> new java.util.ArrayList<>()).add(e));
        return by;
    }
}
