package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an imported price list would change in a catalog: models it adds, models whose price in
 * force on the import's day differs (old → new, field by field), and models of the imported
 * providers it no longer lists. Removed models are reported only: a model dropped from a public
 * list still has a price, and receipts must keep theirs.
 */
public final class CatalogDiff {

    /** One changed field of a changed model. */
    public record FieldChange(String field, BigDecimal from, BigDecimal to) {
        @Override
        public String toString() {
            return field + " " + plain(from) + " -> " + plain(to);
        }
    }

    public record Change(PriceRow before, PriceRow after, List<FieldChange> fields) {}

    private final List<PriceRow> added = new ArrayList<>();
    private final List<Change> changed = new ArrayList<>();
    private final List<PriceRow> removed = new ArrayList<>();
    private int unchanged;

    private static final Map<String, Function<PriceRow, BigDecimal>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("input", PriceRow::inputPerMtok);
        FIELDS.put("cached_input", PriceRow::cachedInputPerMtok);
        FIELDS.put("cache_write", PriceRow::cacheWritePerMtok);
        FIELDS.put("output", PriceRow::outputPerMtok);
        FIELDS.put("reasoning", PriceRow::reasoningPerMtok);
        FIELDS.put("per_image", PriceRow::perImage);
        FIELDS.put("per_request", PriceRow::perRequest);
        FIELDS.put("cache_write_1h", r -> r.tiers().cacheWrite1hPerMtok());
        FIELDS.put("batch_input", r -> r.tiers().batchInputPerMtok());
        FIELDS.put("batch_output", r -> r.tiers().batchOutputPerMtok());
        FIELDS.put("long_context_above_tokens", r -> r.tiers().hasLongContext() ? BigDecimal.valueOf(r.tiers().longContextAboveTokens()) : null);
        FIELDS.put("input_above", r -> r.tiers().inputAbovePerMtok());
        FIELDS.put("cached_input_above", r -> r.tiers().cachedInputAbovePerMtok());
        FIELDS.put("output_above", r -> r.tiers().outputAbovePerMtok());
    }

    /**
     * @param current  the catalog's rows (all dates)
     * @param imported the imported rows, all dated {@code day}
     */
    public static CatalogDiff between(List<PriceRow> current, List<PriceRow> imported, LocalDate day) {
        CatalogDiff diff = new CatalogDiff();
        Map<String, List<PriceRow>> byKey = current.stream().collect(Collectors.groupingBy(CatalogDiff::key, TreeMap::new, Collectors.toList()));
        for (PriceRow row : imported) {
            PriceRow before = byKey.getOrDefault(key(row), List.of()).stream()
                    .filter(r -> !r.effective().isAfter(day))
                    .max(Comparator.comparing(PriceRow::effective)).orElse(null);
            if (before == null) {
                diff.added.add(row);
                continue;
            }
            List<FieldChange> fields = new ArrayList<>();
            FIELDS.forEach((name, get) -> {
                if (followsDefault(name, before) && followsDefault(name, row)) {
                    return; // an unset cache-write or reasoning price moves with the input or output price shown
                }
                BigDecimal a = get.apply(before);
                BigDecimal b = get.apply(row);
                if (!(a == null ? b == null : b != null && a.compareTo(b) == 0)) {
                    fields.add(new FieldChange(name, a, b));
                }
            });
            if (fields.isEmpty()) {
                diff.unchanged++;
            } else {
                diff.changed.add(new Change(before, row, fields));
            }
        }
        Set<String> providers = imported.stream().map(PriceRow::provider).collect(Collectors.toSet());
        Set<String> importedKeys = imported.stream().map(CatalogDiff::key).collect(Collectors.toSet());
        byKey.forEach((k, rows) -> {
            PriceRow latest = rows.stream().max(Comparator.comparing(PriceRow::effective)).orElseThrow();
            if (providers.contains(latest.provider()) && !importedKeys.contains(k)) {
                diff.removed.add(latest);
            }
        });
        return diff;
    }

    public List<PriceRow> added() {
        return added;
    }

    public List<Change> changed() {
        return changed;
    }

    public List<PriceRow> removed() {
        return removed;
    }

    public int unchanged() {
        return unchanged;
    }

    /** The rows applying the import writes: the added and the changed ones. */
    public List<PriceRow> rowsToApply() {
        List<PriceRow> rows = new ArrayList<>(added);
        changed.forEach(c -> rows.add(c.after()));
        return rows;
    }

    /** The diff as text, one model a line: {@code +} added, {@code ~} changed, {@code -} removed. */
    public String render(LocalDate day) {
        StringBuilder out = new StringBuilder();
        added.forEach(r -> out.append("+ ").append(r.provider()).append('/').append(r.model())
                .append("  input ").append(plain(r.inputPerMtok())).append(", output ").append(plain(r.outputPerMtok()))
                .append(r.perImage().signum() > 0 ? ", per_image " + plain(r.perImage()) : "").append('\n'));
        changed.forEach(c -> out.append("~ ").append(c.after().provider()).append('/').append(c.after().model())
                .append("  ").append(c.fields().stream().map(FieldChange::toString).collect(Collectors.joining(", ")))
                .append("  (was ").append(c.before().id()).append("; new price from ").append(day).append(")\n"));
        removed.forEach(r -> out.append("- ").append(r.provider()).append('/').append(r.model())
                .append("  not in the import; kept at ").append(r.id()).append('\n'));
        out.append(added.size()).append(" added, ").append(changed.size()).append(" changed, ").append(removed.size())
                .append(" removed (kept), ").append(unchanged).append(" unchanged\n");
        return out.toString();
    }

    private static boolean followsDefault(String field, PriceRow r) {
        return switch (field) {
            case "cache_write" -> r.cacheWritePerMtok().compareTo(r.inputPerMtok()) == 0;
            case "reasoning" -> r.reasoningPerMtok().compareTo(r.outputPerMtok()) == 0;
            default -> false;
        };
    }

    private static String key(PriceRow r) {
        return r.provider() + "/" + r.model();
    }

    private static String plain(BigDecimal d) {
        return d == null ? "none" : d.toPlainString();
    }

}
