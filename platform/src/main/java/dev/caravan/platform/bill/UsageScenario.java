package dev.caravan.platform.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario built from recorded traffic: the usage report of the last {@code days} days grouped by
 * model, scaled to a 30-day month (exact for 30 days; otherwise each total is rounded to two decimals
 * after scaling). Usage does not tell retries, fallbacks or image counts apart, so those rates are
 * zero; requests no target served ({@code (none)}) are left out.
 */
public final class UsageScenario {

    /** One model's totals over the period, summed over its days. */
    public record ModelUsage(String model, long requests, long promptTokens, long completionTokens, long cachedTokens) {
    }

    private UsageScenario() {}

    /**
     * @param providers the provider each model is served by where the config says so (one provider
     *                  only), so its own price rows apply; a model not in it is looked up alone
     */
    public static BillScenario of(List<ModelUsage> rows, int days, Map<String, String> providers, String approver,
            LocalDate today, String source, BillScenario.LogLoad logs) {
        Map<String, long[]> byModel = new LinkedHashMap<>();
        for (ModelUsage row : rows) {
            if (row.model() == null || row.model().equals("(none)")) {
                continue;
            }
            long[] t = byModel.computeIfAbsent(row.model(), m -> new long[4]);
            t[0] += row.requests();
            t[1] += row.promptTokens();
            t[2] += row.completionTokens();
            t[3] += row.cachedTokens();
        }
        List<BillScenario.ModelLoad> models = new ArrayList<>();
        byModel.forEach((model, t) -> models.add(new BillScenario.ModelLoad(providers.get(model), model, month(t[0], days),
                month(t[1], days), month(t[2], days), month(t[3], days), null, null, null)));
        return new BillScenario("recorded traffic of the last " + days + " days, as a 30-day month", approver, today,
                BigDecimal.ZERO, BigDecimal.ZERO, models, List.of(), logs, source);
    }

    static BigDecimal month(long total, int days) {
        BigDecimal scaled = BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(30));
        return days == 30 ? BigDecimal.valueOf(total) : BillCalculator.plain(scaled.divide(BigDecimal.valueOf(days), 2, RoundingMode.HALF_UP));
    }
}
