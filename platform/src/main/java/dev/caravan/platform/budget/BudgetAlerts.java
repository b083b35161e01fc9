package dev.caravan.platform.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.policy.PolicyServices.PolicyAlert;
import dev.caravan.platform.config.BudgetAlertsConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert sink lent to budget policies. Each alert is first recorded in {@code budget_alerts},
 * whose key (budget, window, threshold) makes "once per period" hold across restarts and nodes:
 * only the node whose insert wins sends it. Sending is off the request path: a bounded queue and
 * one delivery thread posting JSON to {@code budget_alerts.webhook} with retries and backoff; the
 * row then says how delivery went.
 */
public final class BudgetAlerts implements Consumer<PolicyAlert>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetAlerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Executor storage;
    private final BudgetAlertsConfig config;
    private final BlockingQueue<PolicyAlert> queue;
    private final HttpClient http;
    private final Thread sender;
    private volatile boolean closed;

    public BudgetAlerts(Jdbi jdbi, Executor storage, BudgetAlertsConfig config) {
        this.jdbi = jdbi;
        this.storage = storage;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queue());
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.sender = new Thread(this::deliverLoop, "caravan-budget-alerts");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void accept(PolicyAlert alert) {
        try {
            storage.execute(() -> {
                if (record(alert)) {
                    LOG.warn("budget alert: {}", alert.message());
                    if (config.webhook() == null) {
                        mark(alert, "not sent: no budget_alerts.webhook");
                    } else if (!queue.offer(alert)) {
                        mark(alert, "not sent: queue full");
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("budget alert not recorded (storage busy): {}", alert.message());
        }
    }

    /** True for the first record of this budget, window and threshold. */
    private boolean record(PolicyAlert alert) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("INSERT INTO budget_alerts"
                            + " (budget, window_key, threshold_percent, message, created_at, delivery)"
                            + " SELECT :budget, :window, :threshold, :message, :at, 'pending' WHERE NOT EXISTS"
                            + " (SELECT 1 FROM budget_alerts WHERE budget = :budget AND window_key = :window AND threshold_percent = :threshold)")
                    .bind("budget", alert.budget()).bind("window", alert.window()).bind("threshold", alert.thresholdPercent())
                    .bind("message", alert.message()).bind("at", Instant.now().atOffset(ZoneOffset.UTC)).execute()) == 1;
        } catch (UnableToExecuteStatementException e) {
            return false; // another node recorded it at the same moment
        }
    }

    private void mark(PolicyAlert alert, String delivery) {
        try {
            jdbi.useHandle(h -> h.createUpdate("UPDATE budget_alerts SET delivery = :delivery"
                            + " WHERE budget = :budget AND window_key = :window AND threshold_percent = :threshold")
                    .bind("delivery", delivery).bind("budget", alert.budget()).bind("window", alert.window())
                    .bind("threshold", alert.thresholdPercent()).execute());
        } catch (RuntimeException e) {
            LOG.warn("could not record delivery of budget alert '{}': {}", alert.message(), e.toString());
        }
    }

    private void deliverLoop() {
        while (!closed) {
            try {
                PolicyAlert alert = queue.take();
                mark(alert, deliver(alert));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Posts the alert, retrying with backoff; returns what happened, for the alert's row. */
    private String deliver(PolicyAlert alert) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("type", "budget.threshold").put("budget", alert.budget())
                .put("window", alert.window()).put("threshold_percent", alert.thresholdPercent()).put("message", alert.message());
        HttpRequest request = HttpRequest.newBuilder(config.webhook()).timeout(config.timeout())
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String last = "not sent";
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(500L << (attempt - 1));
            }
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return "delivered";
                }
                last = "failed: status " + status;
            } catch (java.io.IOException e) {
                last = "failed: " + e.getClass().getSimpleName();
            }
        }
        LOG.warn("budget alert for '{}' not delivered after {} tries: {}", alert.budget(), config.retries() + 1, last);
        return last;
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
    }
}
