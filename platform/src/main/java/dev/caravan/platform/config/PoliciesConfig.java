package dev.caravan.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code policies:} — Groovy policy scripts (docs/policies.md).
 *
 * @param dir            folder of scripts: {@code *.groovy} apply to every tenant,
 *                       {@code tenants/<tenant-id>/*.groovy} to that tenant (default {@code <caravan home>/policies})
 * @param timeout        longest one script invocation may run before it is stopped (default 50 ms)
 * @param onError        what a request gets when a script throws or times out: {@code DENY} (503
 *                       naming the policy, the default) or {@code ALLOW} (admitted, noted in the receipt)
 * @param threads        threads that run scripts (default 4); invocations beyond them queue
 * @param reloadInterval how often the folder is checked for changed files (default 500 ms)
 * @param allowClasses   classes scripts may use beyond the built-in allow-list (operator's choice)
 * @param allowMethods   method or property names removed from the built-in deny-list (operator's choice)
 * @param scopes         {@code policies.scopes[]}: top-level scripts that run only for requests in a scope
 */
public record PoliciesConfig(
        Path dir,
        Duration timeout,
        OnError onError,
        int threads,
        Duration reloadInterval,
        List<String> allowClasses,
        List<String> allowMethods,
        List<ScopedScript> scopes) {

    /** {@code policies.on_error}: fail closed or open when a script fails at run time. */
    public enum OnError {
        DENY,
        ALLOW
    }

    public PoliciesConfig {
        allowClasses = List.copyOf(allowClasses);
        allowMethods = List.copyOf(allowMethods);
        scopes = List.copyOf(scopes);
    }

    /** Without {@code policies.scopes}: every top-level script runs for every request. */
    public PoliciesConfig(Path dir, Duration timeout, OnError onError, int threads, Duration reloadInterval,
            List<String> allowClasses, List<String> allowMethods) {
        this(dir, timeout, onError, threads, reloadInterval, allowClasses, allowMethods, List.of());
    }

    /** Defaults for a folder: what an empty {@code policies:} section binds to. */
    public static PoliciesConfig defaults(Path dir) {
        return new PoliciesConfig(dir, Duration.ofMillis(50), OnError.DENY, 4, Duration.ofMillis(500), List.of(), List.of());
    }
}
