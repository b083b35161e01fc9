package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PriceTiers;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes price rows in the catalog's format, one row per line (a flow mapping), so a catalog of
 * hundreds of rows stays readable, diffs line by line, and reads back through the same binder.
 * Amounts are quoted plain decimals; fields equal to their defaults are left out.
 */
public final class CatalogYaml {

    private CatalogYaml() {}

    public static String write(String version, String header, List<PriceRow> rows) {
        StringBuilder out = new StringBuilder();
        for (String line : header.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append("# ").append(line).append('\n');
            }
        }
        out.append("version: \"").append(version).append("\"\ncurrency: USD\nrows:\n");
        rows.forEach(r -> out.append("  - ").append(row(r)).append('\n'));
        return out.toString();
    }

    /** One row as a YAML flow mapping. */
    public static String row(PriceRow r) {
        StringBuilder s = new StringBuilder("{ provider: ").append(quote(r.provider()))
                .append(", model: ").append(quote(r.model()));
        amount(s, "input_per_mtok", r.inputPerMtok());
        if (r.cachedInputPerMtok().compareTo(r.inputPerMtok()) != 0) {
            amount(s, "cached_input_per_mtok", r.cachedInputPerMtok());
        }
        if (r.cacheWritePerMtok().compareTo(r.inputPerMtok()) != 0) {
            amount(s, "cache_write_per_mtok", r.cacheWritePerMtok());
        }
        amount(s, "output_per_mtok", r.outputPerMtok());
        if (r.reasoningPerMtok().compareTo(r.outputPerMtok()) != 0) {
            amount(s, "reasoning_per_mtok", r.reasoningPerMtok());
        }
        if (r.perImage().signum() != 0) {
            amount(s, "per_image", r.perImage());
        }
        if (r.perRequest().signum() != 0) {
            amount(s, "per_request", r.perRequest());
        }
        PriceTiers t = r.tiers();
        amount(s, "cache_write_1h_per_mtok", t.cacheWrite1hPerMtok());
        amount(s, "batch_input_per_mtok", t.batchInputPerMtok());
        amount(s, "batch_output_per_mtok", t.batchOutputPerMtok());
        if (t.hasLongContext()) {
            s.append(", long_context_above_tokens: \"").append(t.longContextAboveTokens()).append('"');
            amount(s, "input_above_per_mtok", t.inputAbovePerMtok());
            amount(s, "cached_input_above_per_mtok", t.cachedInputAbovePerMtok());
            amount(s, "output_above_per_mtok", t.outputAbovePerMtok());
        }
        s.append(", effective: ").append(r.effective());
        s.append(", source: ").append(quote(r.source())).append(" }");
        return s.toString();
    }

    private static void amount(StringBuilder s, String key, BigDecimal value) {
        if (value != null) {
            s.append(", ").append(key).append(": \"").append(value.toPlainString()).append('"');
        }
    }

    /** A double-quoted YAML scalar: safe for names with ':', '/', '@' or spaces. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
