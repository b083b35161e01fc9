package dev.caravan.platform.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Matches bill rows with recorded rows by UTC day and model (snapshot dates ignored), computes token
 * and money drift, flags rows beyond the tolerance and names the causes it can see.
 */
public final class Reconciliation {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public record Report(String provider, String format, LocalDate from, LocalDate to, BigDecimal tolerancePct,
            List<DriftRow> rows, DriftRow total) {

        public long flaggedRows() {
            return rows.stream().filter(DriftRow::flagged).count();
        }
    }

    private record Key(LocalDate day, String model) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byDay = day.compareTo(o.day);
            return byDay != 0 ? byDay : model.compareTo(o.model);
        }
    }

    /** The bill side of one key, folded over line items, projects and keys. */
    private record BillTotal(Long tokens, Long cached, BigDecimal cost, boolean cachedCost, boolean batch) {
        static final BillTotal NONE = new BillTotal(null, null, null, false, false);

        BillTotal plus(BillRow r) {
            Long rowTokens = r.inputTokens() == null ? null : r.inputTokens() + r.outputTokens();
            return new BillTotal(add(tokens, rowTokens), add(cached, r.cachedInputTokens()),
                    r.costUsd() == null ? cost : cost == null ? r.costUsd() : cost.add(r.costUsd()),
                    cachedCost || r.cachedInputCost(), batch || r.batch());
        }

        private static Long add(Long a, Long b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return Long.valueOf(a + b);
        }
    }

    private Reconciliation() {
    }

    public static Report reconcile(String provider, String format, LocalDate from, LocalDate to, BigDecimal tolerancePct,
            List<BillRow> bill, List<RecordedRow> recorded) {
        Map<Key, BillTotal> billed = new TreeMap<>();
        for (BillRow row : bill) {
            if (!row.day().isBefore(from) && !row.day().isAfter(to)) {
                billed.merge(new Key(row.day(), ModelNames.base(row.model())), BillTotal.NONE.plus(row), (a, b) -> a.plus(row));
            }
        }
        Map<Key, RecordedRow> seen = new TreeMap<>();
        for (RecordedRow row : recorded) {
            Key key = new Key(row.day(), ModelNames.base(row.model()));
            seen.merge(key, new RecordedRow(key.day(), key.model(), row.requests(), row.inputTokens(), row.cachedInputTokens(),
                    row.outputTokens(), row.costUsd(), row.unpriced(), row.firstPriceId(), row.lastPriceId()), RecordedRow::plus);
        }
        TreeMap<Key, Boolean> keys = new TreeMap<>();
        billed.keySet().forEach(k -> keys.put(k, true));
        seen.keySet().forEach(k -> keys.put(k, true));
        List<DriftRow> rows = new ArrayList<>();
        BillTotal billSum = BillTotal.NONE;
        RecordedRow recordedSum = empty(null, "(total)");
        for (Key key : keys.keySet()) {
            BillTotal b = billed.getOrDefault(key, BillTotal.NONE);
            RecordedRow r = seen.getOrDefault(key, empty(key.day(), key.model()));
            rows.add(row(key.day(), key.model(), b, r, tolerancePct, billed.containsKey(key)));
            billSum = sum(billSum, b);
            recordedSum = recordedSum.plus(r);
        }
        DriftRow total = row(null, "(total)", billSum, recordedSum, tolerancePct, !billed.isEmpty());
        return new Report(provider, format, from, to, tolerancePct, rows, total);
    }

    private static BillTotal sum(BillTotal a, BillTotal b) {
        return new BillTotal(BillTotal.add(a.tokens(), b.tokens()), BillTotal.add(a.cached(), b.cached()),
                b.cost() == null ? a.cost() : a.cost() == null ? b.cost() : a.cost().add(b.cost()),
                a.cachedCost() || b.cachedCost(), a.batch() || b.batch());
    }

    private static RecordedRow empty(LocalDate day, String model) {
        return new RecordedRow(day, model, 0, 0, 0, 0, BigDecimal.ZERO, 0, null, null);
    }

    private static DriftRow row(LocalDate day, String model, BillTotal b, RecordedRow r, BigDecimal tolerance, boolean billed) {
        long recordedTokens = r.inputTokens() + r.outputTokens();
        Long tokenDrift = b.tokens() == null ? null : b.tokens() - recordedTokens;
        BigDecimal tokenPct = b.tokens() == null ? null : pct(BigDecimal.valueOf(tokenDrift), BigDecimal.valueOf(b.tokens()));
        BigDecimal costDrift = b.cost() == null ? null : plain(b.cost().subtract(r.costUsd()));
        BigDecimal costPct = b.cost() == null ? null : pct(costDrift, b.cost());
        boolean flagged = beyond(tokenDrift == null ? null : BigDecimal.valueOf(tokenDrift), tokenPct, tolerance)
                || beyond(costDrift, costPct, tolerance) || (!billed && r.requests() > 0);
        List<DriftRow.Cause> causes = day == null ? List.of() : DriftCauses.of(b.tokens(), b.cached(), b.cost(), b.cachedCost(), b.batch(), r, billed);
        return new DriftRow(day, model, b.tokens(), b.cached(), b.cost() == null ? null : plain(b.cost()), plainCost(r), tokenDrift,
                tokenPct, costDrift, costPct, flagged, causes);
    }

    /** A drift with no percentage (zero billed, something recorded) is always beyond tolerance. */
    private static boolean beyond(BigDecimal drift, BigDecimal pct, BigDecimal tolerance) {
        if (drift == null || drift.signum() == 0) {
            return false;
        }
        return pct == null || pct.abs().compareTo(tolerance) > 0;
    }

    private static BigDecimal pct(BigDecimal drift, BigDecimal billed) {
        if (billed.signum() == 0) {
            return drift.signum() == 0 ? BigDecimal.ZERO.setScale(2) : null;
        }
        return drift.multiply(HUNDRED).divide(billed, 2, RoundingMode.HALF_UP);
    }

    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static RecordedRow plainCost(RecordedRow r) {
        return new RecordedRow(r.day(), r.model(), r.requests(), r.inputTokens(), r.cachedInputTokens(), r.outputTokens(),
                plain(r.costUsd()), r.unpriced(), r.firstPriceId(), r.lastPriceId());
    }
}
