package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds price rows, both the operator's {@code pricing[]} and the catalog shipped in the jar
 * ({@code pricing/catalog.yaml}), with the same rules: prices are quoted decimal strings (a YAML
 * number could have been altered: {@code 1.10} reads back as {@code 1.1}, and floats are never
 * money), non-negative, and each row names its provider and model once.
 */
public final class PricingBinder {

    public static final String CATALOG_RESOURCE = "/pricing/catalog.yaml";
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    private static final String[] ROW_KEYS = {"provider", "model", "input_per_mtok", "cached_input_per_mtok",
        "cache_write_per_mtok", "output_per_mtok", "reasoning_per_mtok", "per_image", "per_request", "effective", "source"};

    private PricingBinder() {}

    static List<PriceRow> bind(ConfigNode root) {
        return rows(root.items("pricing"), LocalDate.EPOCH, "config");
    }

    /** The version line of the catalog shipped in the jar. */
    public static String shippedVersion() {
        return shippedVersion;
    }

    /** The rows of the catalog shipped in the jar. */
    public static List<PriceRow> shippedRows() {
        return shipped;
    }

    private static final List<PriceRow> shipped;
    private static final String shippedVersion;

    static {
        JsonNode document = readCatalog();
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(document, new EnvInterpolator(Map.of()), problems);
        root.allowOnly("version", "currency", "rows");
        shippedVersion = root.requiredText("version").orElse("");
        root.text("currency").filter(c -> !c.equals("USD")).ifPresent(c -> root.report("currency", "only USD is supported, got '" + c + "'"));
        shipped = rows(root.items("rows"), null, null);
        // The catalog ships with Caravan: a bad row is our bug, caught by the catalog's own test.
        try {
            problems.throwIfAny();
        } catch (ConfigException e) {
            throw new IllegalStateException("pricing catalog " + CATALOG_RESOURCE + " is invalid: " + e.getMessage(), e);
        }
    }

    private static JsonNode readCatalog() {
        try (InputStream in = PricingBinder.class.getResourceAsStream(CATALOG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pricing catalog " + CATALOG_RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PriceRow> rows(List<ConfigNode> items, LocalDate defaultEffective, String defaultSource) {
        List<PriceRow> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode r : items) {
            r.allowOnly(ROW_KEYS);
            String provider = r.requiredText("provider").orElse("");
            String model = r.requiredText("model").orElse("");
            BigDecimal input = price(r, "input_per_mtok", true);
            BigDecimal output = price(r, "output_per_mtok", true);
            LocalDate effective = date(r, defaultEffective);
            if (!provider.isEmpty() && !model.isEmpty() && effective != null
                    && !seen.add(provider + "/" + model + "@" + effective)) {
                r.report("model", "duplicate row for " + provider + "/" + model + " effective " + effective);
            }
            PriceRow row = input == null || output == null || effective == null || provider.isEmpty() || model.isEmpty()
                    ? null
                    : new PriceRow(provider, model, input, price(r, "cached_input_per_mtok", false),
                            price(r, "cache_write_per_mtok", false), output, price(r, "reasoning_per_mtok", false),
                            price(r, "per_image", false), price(r, "per_request", false), effective,
                            r.text("source").orElse(defaultSource));
            Optional.ofNullable(row).ifPresent(rows::add);
        }
        return rows;
    }

    private static BigDecimal price(ConfigNode r, String key, boolean required) {
        Optional<String> text = required ? r.requiredText(key) : r.text(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.get().trim());
            if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
                r.report(key, "must be between 0 and " + MAX_PRICE.toPlainString() + " USD, got '" + text.get() + "'");
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            r.report(key, "must be a decimal amount in USD such as \"0.15\", got '" + text.get() + "'");
            return null;
        }
    }

    private static LocalDate date(ConfigNode r, LocalDate defaultDate) {
        Optional<String> text = defaultDate == null ? r.requiredText("effective") : r.text("effective");
        if (text.isEmpty()) {
            return defaultDate;
        }
        try {
            return LocalDate.parse(text.get().trim());
        } catch (DateTimeParseException e) {
            r.report("effective", "must be a date like 2025-01-31, got '" + text.get() + "'");
            return null;
        }
    }
}
