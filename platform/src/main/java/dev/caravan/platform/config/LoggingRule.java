package dev.caravan.platform.config;

import java.util.List;

/**
 * One {@code logging.rules[]} entry: what the request log keeps of the bodies of the requests in
 * {@code scope}. Single-valued, so the most specific matching rule wins (docs/logging-and-privacy.md).
 *
 * @param scope     the requests it covers
 * @param mode      what is stored of their bodies
 * @param redactors {@code LogRedactor} ids run in order in {@code redacted} mode
 * @param path      where it is configured, e.g. {@code logging.rules[0]}
 */
public record LoggingRule(Scope scope, LoggingMode mode, List<String> redactors, String path) {

    public LoggingRule {
        redactors = List.copyOf(redactors);
    }

    public LoggingRule withRedactors(List<String> ids) {
        return new LoggingRule(scope, mode, ids, path);
    }
}
