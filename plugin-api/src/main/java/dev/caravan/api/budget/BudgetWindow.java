package dev.caravan.api.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * A budget's current period: its ledger window key and when it resets (calendar days, ISO weeks
 * from Monday, or months in the budget's time zone; never for {@code total}).
 *
 * @param key     ledger window, e.g. {@code daily:2026-11-25}
 * @param resetAt start of the next period, or null for {@code total}
 */
public record BudgetWindow(String key, Instant resetAt) {

    /** The window holding prepaid balances: they never reset. */
    public static final String PREPAID = "prepaid";

    public static BudgetWindow of(BudgetDefinition budget, Instant now) {
        if (budget.prepaid()) {
            return new BudgetWindow(PREPAID, null);
        }
        LocalDate today = now.atZone(budget.zone()).toLocalDate();
        LocalDate start;
        LocalDate next;
        switch (budget.period()) {
            case "daily" -> {
                start = today;
                next = today.plusDays(1);
            }
            case "weekly" -> {
                start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                next = start.plusWeeks(1);
            }
            case "monthly" -> {
                start = today.withDayOfMonth(1);
                next = start.plusMonths(1);
            }
            default -> {
                return new BudgetWindow("total", null);
            }
        }
        return new BudgetWindow(budget.period() + ":" + start, next.atStartOfDay(budget.zone()).toInstant());
    }
}
