package dev.caravan.platform.config;

import java.net.URI;
import java.time.Duration;

/**
 * {@code budget_alerts:} — where budget threshold alerts go.
 *
 * @param webhook  URL that gets a JSON POST per alert, or null to only record alerts
 * @param queue    alerts waiting for delivery at most; past it new alerts are recorded but not sent
 * @param retries  further tries after a failed delivery (backing off 0.5 s, 1 s, 2 s …)
 * @param timeout  one delivery's time limit
 */
public record BudgetAlertsConfig(URI webhook, int queue, int retries, Duration timeout) {

    public static final BudgetAlertsConfig DEFAULTS = new BudgetAlertsConfig(null, 1000, 3, Duration.ofSeconds(5));
}
