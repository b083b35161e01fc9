package dev.caravan.platform.bill;

import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.pricing.PricingCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices a {@link BillScenario} with the pricing catalog, in exact decimals (no rounding of money):
 *
 * <pre>
 * calls(m)      = requests(m) × (1 + retry_rate)                       first tries and retries
 * tokens cost   = ((input − cached) × input_price + cached × cached_input_price + output × output_price) / 1,000,000
 *                 + calls × per_request
 * model line    = tokens cost of calls(m) at m's row
 *               + fallback_rate × requests(o) priced with o's tokens at m's row, for each o falling back to m
 * image line    = images × per_image
 * </pre>
 *
 * A row's long-context tier applies when the average prompt of the calls is above its threshold.
 */
public final class BillCalculator {

    /** What one receipt row takes in the database, with its indexes (docs/pilot.md#bill, "log storage"). */
    static final long RECEIPT_BYTES = 1_500;
    /** A request-log entry without bodies. */
    static final long LOG_METADATA_BYTES = 500;
    /** Stored body text per token (prompt and completion), for redacted and full logging. */
    static final long LOG_BYTES_PER_TOKEN = 4;

    private final PricingCatalog catalog;

    public BillCalculator(PricingCatalog catalog) {
        this.catalog = catalog;
    }

    public Bill price(BillScenario s) {
        List<String> problems = new ArrayList<>();
        Map<String, Acc> lines = new LinkedHashMap<>();
        BigDecimal retryFactor = BigDecimal.ONE.add(s.retryRate());
        for (BillScenario.ModelLoad m : s.models()) {
            Acc own = lines.computeIfAbsent(key(m.provider(), m.model()), k -> new Acc(m.provider(), m.model(), find(m.provider(), m.model(), s, m.where(), problems)));
            own.requests = own.requests.add(m.requests());
            own.retries = own.retries.add(m.requests().multiply(s.retryRate()));
            own.add(m.inputTokens().multiply(retryFactor), m.cachedTokens().multiply(retryFactor), m.outputTokens().multiply(retryFactor),
                    m.requests().multiply(retryFactor));
            if (s.fallbackRate().signum() > 0) {
                String fbProvider = m.fallbackModel() == null ? m.provider() : m.fallbackProvider();
                String fbModel = m.fallbackModel() == null ? m.model() : m.fallbackModel();
                Acc fb = lines.computeIfAbsent(key(fbProvider, fbModel), k -> new Acc(fbProvider, fbModel,
                        find(fbProvider, fbModel, s, m.where() == null ? null : m.where().replace(".model", ".fallback"), problems)));
                BigDecimal f = s.fallbackRate();
                fb.fallbacks = fb.fallbacks.add(m.requests().multiply(f));
                fb.add(m.inputTokens().multiply(f), m.cachedTokens().multiply(f), m.outputTokens().multiply(f), m.requests().multiply(f));
            }
        }
        List<Bill.Line> out = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Acc a : lines.values()) {
            BigDecimal cost = a.row == null ? null : plain(a.cost);
            total = cost == null ? total : total.add(cost);
            out.add(new Bill.Line("model", a.provider, a.model, a.row == null ? null : a.row.id(), plain(a.requests), plain(a.retries),
                    plain(a.fallbacks), BigDecimal.ZERO, plain(a.input), plain(a.output), cost));
        }
        for (BillScenario.ImageLoad image : s.images()) {
            PriceRow row = find(image.provider(), image.model(), s, image.where(), problems);
            BigDecimal cost = null;
            if (row != null && row.perImage().signum() == 0) {
                problems.add(prefix(image.where()) + "price row " + row.id() + " has no per-image price (it bills tokens)");
                row = null;
            }
            if (row != null) {
                cost = plain(row.perImage().multiply(image.images()));
                total = total.add(cost);
            }
            out.add(new Bill.Line("images", image.provider(), image.model(), row == null ? null : row.id(), BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, plain(image.images()), BigDecimal.ZERO, BigDecimal.ZERO, cost));
        }
        return new Bill(s, catalog.version(), out, plain(total), storage(s), problems);
    }

    private PriceRow find(String provider, String model, BillScenario s, String where, List<String> problems) {
        Optional<PriceRow> row = catalog.find(provider == null ? "" : provider, model, s.priceDate());
        if (row.isEmpty()) {
            problems.add(prefix(where) + "no price row for " + key(provider, model) + " on " + s.priceDate()
                    + " in the pricing catalog " + catalog.version() + " (add one under pricing: in caravan.yaml and pass --config)");
        }
        return row.orElse(null);
    }

    static Bill.LogStorage storage(BillScenario s) {
        BillScenario.LogLoad logs = s.logs();
        BigDecimal requests = s.monthlyRequests();
        long perRequest;
        boolean assumed = logs.bytesPerRequest() == null;
        if (!assumed) {
            perRequest = logs.bytesPerRequest();
        } else {
            BigDecimal tokens = s.models().stream().map(m -> m.inputTokens().add(m.outputTokens())).reduce(BigDecimal.ZERO, BigDecimal::add);
            long avgTokens = requests.signum() == 0 ? 0 : tokens.divide(requests, 0, RoundingMode.HALF_UP).longValueExact();
            perRequest = RECEIPT_BYTES + switch (logs.mode()) {
                case "off" -> 0;
                case "metadata_only" -> LOG_METADATA_BYTES;
                default -> LOG_METADATA_BYTES + LOG_BYTES_PER_TOKEN * avgTokens;
            };
        }
        BigDecimal monthly = requests.multiply(BigDecimal.valueOf(perRequest)).setScale(0, RoundingMode.HALF_UP);
        BigDecimal kept = monthly.multiply(BigDecimal.valueOf(logs.retentionDays())).divide(BigDecimal.valueOf(30), 0, RoundingMode.HALF_UP);
        return new Bill.LogStorage(plain(requests), perRequest, assumed, monthly, kept, logs.retentionDays(), logs.mode());
    }

    static String key(String provider, String model) {
        return provider == null || provider.isEmpty() ? model : provider + "/" + model;
    }

    private static String prefix(String where) {
        return where == null ? "" : where + ": ";
    }

    /** Exact, without trailing zeros or exponent: {@code 1E+3} becomes {@code 1000}. */
    public static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** One model line's running totals. */
    private static final class Acc {
        final String provider;
        final String model;
        final PriceRow row;
        BigDecimal requests = BigDecimal.ZERO;
        BigDecimal retries = BigDecimal.ZERO;
        BigDecimal fallbacks = BigDecimal.ZERO;
        BigDecimal input = BigDecimal.ZERO;
        BigDecimal output = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;

        Acc(String provider, String model, PriceRow row) {
            this.provider = provider;
            this.model = model;
            this.row = row;
        }

        /** Tries with these token totals, priced at this line's row. */
        void add(BigDecimal in, BigDecimal cached, BigDecimal out, BigDecimal calls) {
            input = input.add(in);
            output = output.add(out);
            if (row == null) {
                return;
            }
            boolean longContext = row.tiers().hasLongContext() && calls.signum() > 0
                    && in.compareTo(calls.multiply(BigDecimal.valueOf(row.tiers().longContextAboveTokens()))) > 0;
            BigDecimal inPrice = longContext ? row.tiers().inputAbovePerMtok() : row.inputPerMtok();
            BigDecimal outPrice = longContext ? row.tiers().outputAbovePerMtok() : row.outputPerMtok();
            BigDecimal cachedPrice = longContext && row.tiers().cachedInputAbovePerMtok() != null
                    ? row.tiers().cachedInputAbovePerMtok() : row.cachedInputPerMtok();
            BigDecimal tokens = in.subtract(cached).multiply(inPrice).add(cached.multiply(cachedPrice)).add(out.multiply(outPrice));
            cost = cost.add(tokens.movePointLeft(6)).add(calls.multiply(row.perRequest()));
        }
    }
}
