package dev.caravan.platform.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code logging:} — the request log (bodies), its writer and the retention purge.
 *
 * @param defaultMode          mode of tenants not listed under {@code tenants:} (default {@code metadata_only})
 * @param defaultRedactors     redactors of those tenants in {@code redacted} mode
 * @param defaultRetentionDays retention of those tenants; 0 (default) keeps everything
 * @param maxBodyChars         longest stored body in characters (request, response, or a stream's accumulated answer); longer is cut and marked truncated
 * @param queueCapacity        log entries waiting for the writer; past it, new entries' bodies are dropped (the receipt is not)
 * @param batchSize            rows per database batch
 * @param flushInterval        longest wait before a batch is written
 * @param purgeInterval        time between retention purges
 * @param purgeBatchSize       rows deleted per statement by the purge
 * @param rules                {@code logging.rules[]}: mode and redactors by scope, the most specific matching one wins
 */
public record LoggingConfig(LoggingMode defaultMode, List<String> defaultRedactors, int defaultRetentionDays,
        int maxBodyChars, int queueCapacity, int batchSize, Duration flushInterval,
        Duration purgeInterval, int purgeBatchSize, List<LoggingRule> rules) {

    public LoggingConfig {
        defaultRedactors = List.copyOf(defaultRedactors);
        rules = List.copyOf(rules);
    }

    public LoggingConfig withRules(List<LoggingRule> newRules) {
        return new LoggingConfig(defaultMode, defaultRedactors, defaultRetentionDays, maxBodyChars, queueCapacity, batchSize,
                flushInterval, purgeInterval, purgeBatchSize, newRules);
    }
}
