package dev.caravan.platform.retention;

import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.storage.RetentionRepository;
import dev.caravan.platform.storage.RetentionRepository.Table;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes receipts, request logs and stored Responses objects older than their tenant's {@code retention_days} on a daemon
 * thread every {@code logging.purge_interval_s}, in batches of {@code logging.purge_batch_size}
 * rows (each its own short transaction). Tenants with 0 days keep everything. Each run is logged,
 * counted ({@code caravan.retention.deleted} by table) and kept as {@link #lastRun()} for
 * {@code GET /admin/v1/retention}.
 */
public final class RetentionPurger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);
    /** Scope name of the tenants that follow {@code logging.default_retention_days}. */
    public static final String OTHER_TENANTS = "*";

    private final RetentionRepository repo;
    private final LoggingPolicy policy;
    private final int batchSize;
    private final Clock clock;
    private final Counter receiptsDeleted;
    private final Counter logsDeleted;
    private final Counter responsesDeleted;
    private final ScheduledExecutorService scheduler;
    private volatile RetentionRun lastRun;

    public RetentionPurger(RetentionRepository repo, LoggingPolicy policy, int batchSize, Clock clock, MeterRegistry meters) {
        this.repo = repo;
        this.policy = policy;
        this.batchSize = batchSize;
        this.clock = clock;
        this.receiptsDeleted = Counter.builder("caravan.retention.deleted").tag("table", "receipts")
                .description("Rows deleted by the retention purge").register(meters);
        this.logsDeleted = Counter.builder("caravan.retention.deleted").tag("table", "request_logs")
                .description("Rows deleted by the retention purge").register(meters);
        this.responsesDeleted = Counter.builder("caravan.retention.deleted").tag("table", "stored_responses")
                .description("Rows deleted by the retention purge").register(meters);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a purge after {@code interval}, then every {@code interval}. */
    public RetentionPurger schedule(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last finished run, or null before the first. */
    public RetentionRun lastRun() {
        return lastRun;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Retention purge failed", e);
        }
    }

    /** One purge of every scope; returns (and remembers) what it deleted. Safe to call from any non-I/O thread. */
    public synchronized RetentionRun runOnce() {
        Instant started = clock.instant();
        Map<String, RetentionRun.Deleted> byTenant = new LinkedHashMap<>();
        List<String> listed = new ArrayList<>(policy.listed().keySet());
        String error = null;
        try {
            for (Map.Entry<String, LoggingPolicy.TenantRules> t : policy.listed().entrySet()) {
                purge(t.getKey(), t.getValue().retentionDays(), List.of(), started, byTenant);
            }
            purge(null, policy.defaults().retentionDays(), listed, started, byTenant);
        } catch (RuntimeException e) {
            error = e.getMessage();
            LOG.warn("Retention purge stopped early: {}", e.getMessage());
        }
        long receipts = byTenant.values().stream().mapToLong(RetentionRun.Deleted::receipts).sum();
        long logs = byTenant.values().stream().mapToLong(RetentionRun.Deleted::logs).sum();
        RetentionRun run = new RetentionRun(started, clock.instant(), receipts, logs, byTenant, error);
        lastRun = run;
        if (receipts + logs > 0 || error != null) {
            LOG.info("Retention purge deleted {} receipts and {} request logs {}", receipts, logs, byTenant);
        }
        return run;
    }

    private void purge(String tenantId, int days, List<String> except, Instant now, Map<String, RetentionRun.Deleted> out) {
        if (days <= 0) {
            return;
        }
        Instant cutoff = now.minus(Duration.ofDays(days));
        String scope = tenantId == null ? OTHER_TENANTS : tenantId;
        long logs = 0;
        long receipts = 0;
        try {
            logs = purgeTable(Table.REQUEST_LOGS, tenantId, except, cutoff);
            logsDeleted.increment(logs);
            // Stored responses hold the same content as request-log bodies: they go with them (counted by the meter only).
            responsesDeleted.increment(purgeTable(Table.STORED_RESPONSES, tenantId, except, cutoff));
            receipts = purgeTable(Table.RECEIPTS, tenantId, except, cutoff);
            receiptsDeleted.increment(receipts);
        } finally {
            out.put(scope, new RetentionRun.Deleted(cutoff, receipts, logs));
        }
    }

    private long purgeTable(Table table, String tenantId, List<String> except, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = repo.purgeBatch(table, tenantId, except, cutoff, batchSize);
            total += deleted;
        } while (deleted >= batchSize);
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
