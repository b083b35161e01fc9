package dev.caravan.platform.pricing;

import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PricingBinder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the price row for a served request. Operator rows ({@code pricing:} in the config) replace
 * the shipped catalog's rows for the same provider and model, whatever their dates. A lookup tries,
 * in order: the configured provider id with the model; then the model alone, when exactly one
 * catalog provider lists it (so a provider named {@code my-openai} still prices {@code gpt-4o}).
 * A dated snapshot ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929}) uses its base
 * model's row. Among a key's rows the one with the latest {@code effective} date on or before the
 * request's day applies. Immutable and thread-safe.
 */
public final class PricingCatalog {

    /** The catalog shipped in the jar merged with the operator's rows ({@code pricing:} in the config). */
    public static PricingCatalog withShipped(List<PriceRow> overrides) {
        return withShipped(overrides, List.of());
    }

    /**
     * The shipped catalog updated by imported rows ({@code pricing_imports:}, written by
     * {@code caravan pricing import --apply}), then the operator's {@code pricing:} rows on top.
     * An imported row is a dated change: it joins the shipped rows of its model (replacing one with
     * the same date), so a request before its date keeps the older price.
     */
    public static PricingCatalog withShipped(List<PriceRow> overrides, List<PriceRow> imported) {
        return new PricingCatalog(PricingBinder.shippedVersion(), merge(PricingBinder.shippedRows(), imported), overrides);
    }

    /** {@code base} with {@code updates} added; an update with the same provider, model and date replaces the base row. */
    public static List<PriceRow> merge(List<PriceRow> base, List<PriceRow> updates) {
        Map<String, PriceRow> byId = new java.util.LinkedHashMap<>();
        base.forEach(r -> byId.put(r.id(), r));
        updates.forEach(r -> byId.put(r.id(), r));
        return List.copyOf(byId.values());
    }

    /**
     * When several catalog providers list a model and the configured provider id is none of them,
     * the model's maker prices it: {@code gpt-4o} served by a provider named {@code my-openai} is
     * priced as OpenAI's, not Azure's or a reseller's. Earlier in this list wins.
     */
    static final List<String> MAKERS = List.of("openai", "anthropic", "google", "mistral", "deepseek", "xai");


    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4}|latest)$");

    private final String version;
    private final Map<String, List<PriceRow>> byProviderModel = new HashMap<>();
    private final Map<String, List<PriceRow>> byModel = new HashMap<>();

    public PricingCatalog(String version, List<PriceRow> shipped, List<PriceRow> overrides) {
        this.version = version;
        Set<String> overridden = overrides.stream().map(PricingCatalog::key).collect(Collectors.toSet());
        List<PriceRow> all = new ArrayList<>(overrides);
        shipped.stream().filter(r -> !overridden.contains(key(r))).forEach(all::add);
        for (PriceRow row : all) {
            byProviderModel.computeIfAbsent(key(row), k -> new ArrayList<>()).add(row);
            byModel.computeIfAbsent(row.model(), k -> new ArrayList<>()).add(row);
        }
        Comparator<PriceRow> newestFirst = Comparator.comparing(PriceRow::effective).reversed();
        byProviderModel.values().forEach(rows -> rows.sort(newestFirst));
        byModel.values().forEach(rows -> rows.sort(newestFirst));
    }

    /** The catalog's {@code version} line, reported by the admin API and in docs. */
    public String version() {
        return version;
    }

    /** Every row, newest first within each provider and model. */
    public List<PriceRow> rows() {
        return byProviderModel.values().stream().flatMap(List::stream).toList();
    }

    public int size() {
        return byProviderModel.values().stream().mapToInt(List::size).sum();
    }

    public Optional<PriceRow> find(String providerId, String model, LocalDate day) {
        Optional<PriceRow> row = findExact(providerId, model, day);
        if (row.isEmpty()) {
            String base = SNAPSHOT_SUFFIX.matcher(model).replaceFirst("");
            if (!base.equals(model)) {
                row = findExact(providerId, base, day);
            }
        }
        return row;
    }

    private Optional<PriceRow> findExact(String providerId, String model, LocalDate day) {
        List<PriceRow> rows = byProviderModel.get(providerId + "\u0000" + model);
        if (rows == null) {
            List<PriceRow> anyProvider = byModel.getOrDefault(model, List.of());
            List<String> providers = anyProvider.stream().map(PriceRow::provider).distinct().toList();
            if (providers.size() == 1) {
                rows = anyProvider;
            } else {
                String maker = MAKERS.stream().filter(providers::contains).findFirst().orElse(null);
                rows = maker == null ? List.of() : anyProvider.stream().filter(r -> r.provider().equals(maker)).toList();
            }
        }
        return rows.stream().filter(r -> !r.effective().isAfter(day)).findFirst();
    }

    private static String key(PriceRow row) {
        return row.provider() + "\u0000" + row.model();
    }
}
