package dev.caravan.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code stages:} — custom pipeline stages: {@code Stage} plugins and stage scripts
 * ({@code policies/stages/*.groovy}) that routes name ({@code docs/pipelines.md}, "Custom stages").
 *
 * @param timeout   longest one call of a custom stage may run (default 100 ms); the call is
 *                  interrupted at the limit and the request answered per {@code on_error}
 * @param onError   what a request gets when a custom stage fails, times out or is not loaded:
 *                  {@code FAIL} (5xx naming the stage, the default) or {@code CONTINUE} (the request
 *                  goes on unchanged, the failure is recorded in the receipt's decisions and logged)
 * @param threads   threads that run plugin stages (default 4; stage scripts run on the script
 *                  threads of {@code policies.threads}); calls beyond them queue, up to 1024
 * @param overrides per stage: another {@code timeout_ms} or {@code on_error}, by the ref routes use
 */
public record StagesConfig(Duration timeout, OnError onError, int threads, List<Override> overrides) {

    /** {@code stages.on_error}. */
    public enum OnError {
        FAIL,
        CONTINUE
    }

    /** A {@code stages.overrides[]} entry: {@code { ref: "script:tenantRouter", on_error: continue }}. */
    public record Override(String ref, Duration timeout, OnError onError) {}

    /** What one stage runs with. */
    public record Settings(Duration timeout, OnError onError) {}

    public StagesConfig {
        overrides = List.copyOf(overrides);
    }

    public static StagesConfig defaults() {
        return new StagesConfig(Duration.ofMillis(100), OnError.FAIL, 4, List.of());
    }

    /** The settings of the stage routes name {@code ref}: its override, else the defaults. */
    public Settings settings(String ref) {
        Optional<Override> own = overrides.stream().filter(o -> o.ref().equals(ref)).findFirst();
        return new Settings(own.map(Override::timeout).orElse(timeout), own.map(Override::onError).orElse(onError));
    }
}
