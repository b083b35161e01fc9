package dev.caravan.platform.storage;

import dev.caravan.platform.config.ReceiptsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Receipts for tests. Instants have microsecond precision, what both databases store. */
final class TestReceipts {

    static final Instant RECEIVED = Instant.parse("2025-03-30T01:59:59.123456Z");

    private TestReceipts() {}

    /** Every field set, two attempts (one failed). */
    static Receipt full(String traceId) {
        return new Receipt(traceId, "acme", "key-1", "/v1/chat/completions", "fast", "fast", "fallback",
                true, 200, null, null, "openai/gpt-4o-mini",
                List.of(new Receipt.Attempt("azure", "gpt-4o-mini", 1, 503, 12.5, "upstream_error: overloaded", "fallback: status 503", List.of("smart(fallback)")),
                        new Receipt.Attempt("openai", "gpt-4o-mini", 1, 200, 250.25, null, "served", List.of("smart(fallback)"))),
                120, 45, 64, 7, 0.75, 80.5, 249.5, 262.125,
                RECEIVED, RECEIVED.plusMillis(262).plusNanos(125_000))
                .priced(9, new java.math.BigDecimal("0.000123456789012345"), "openai/gpt-4o-mini@2024-07-18", Receipt.PRICED)
                .withDecisions(List.of(new Receipt.Decision("budget", "acme-monthly", "reserved", "0.0042 USD"),
                        new Receipt.Decision("guardrail:request", "pii", "redact", "email x1")));
    }

    /** Served by a model without a price row. */
    static Receipt unpriced(String traceId) {
        return full(traceId).priced(0, null, null, Receipt.UNPRICED);
    }

    /** A request that failed before any upstream call: every nullable field null. */
    static Receipt failedEarly(String traceId) {
        return new Receipt(traceId, null, null, "/v1/chat/completions", null, null, null,
                false, 400, "invalid_request_error", "missing field 'messages'\nline 2", null, List.of(),
                0, 0, 0, 0, 0.3, null, null, 0.3, RECEIVED, null);
    }

    static ReceiptsConfig config(Path spillFile, int queueCapacity, int batchSize) {
        return new ReceiptsConfig(queueCapacity, batchSize, Duration.ofMillis(20), spillFile);
    }
}
