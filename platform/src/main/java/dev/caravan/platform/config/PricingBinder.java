package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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
        "cache_write_per_mtok", "output_per_mtok", "reasoning_per_mtok", "per_image", "per_request", "effective", "source",
        "cache_write_1h_per_mtok", "batch_input_per_mtok", "batch_output_per_mtok", "long_context_above_tokens",
        "input_above_per_mtok", "cached_input_above_per_mtok", "output_above_per_mtok"};

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
        long started = System.nanoTime();
        Catalog catalog;
        try {
            catalog = catalog(readCatalog(), CATALOG_RESOURCE);
        } catch (ConfigException e) {
            // The catalog ships with Caravan: a bad row is our bug, caught by the catalog's own test.
            throw new IllegalStateException("pricing catalog " + CATALOG_RESOURCE + " is invalid: " + e.getMessage(), e);
        }
        shipped = catalog.rows();
        shippedVersion = catalog.version();
        shippedLoadNanos = System.nanoTime() - started;
    }

    private static final long shippedLoadNanos;

    /** How long reading and checking the shipped catalog took, for the catalog test's log line. */
    public static long shippedLoadNanos() {
        return shippedLoadNanos;
    }

    /** A price list in the catalog's format: a version line and dated rows. */
    public record Catalog(String version, List<PriceRow> rows) {}

    /**
     * Reads a document in the catalog's format (the shipped catalog, or a file written by
     * {@code caravan pricing import --apply}): every row needs its {@code effective} date.
     */
    public static Catalog catalog(JsonNode document, String name) {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(document, new EnvInterpolator(Map.of()), problems);
        root.allowOnly("version", "currency", "rows");
        String version = root.requiredText("version").orElse("");
        root.text("currency").filter(c -> !c.equals("USD")).ifPresent(c -> root.report("currency", "only USD is supported, got '" + c + "'"));
        List<PriceRow> rows = rows(root.items("rows"), null, null);
        problems.throwIfAny();
        return new Catalog(version, rows);
    }

    /** Reads a catalog-format file from disk; problems name the file and the row's path. */
    public static Catalog catalogFile(Path file) {
        JsonNode document;
        try (InputStream in = Files.newInputStream(file)) {
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read as YAML: " + e.getMessage());
        }
        try {
            return catalog(document == null ? new ObjectMapper().createObjectNode() : document, file.toString());
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> file + ": " + p).toList());
        }
    }

    /** The {@code pricing_imports:} files named in the config, read relative to the config's folder. */
    static List<PriceRow> imports(ConfigNode root, Path base) {
        List<PriceRow> rows = new ArrayList<>();
        List<String> files = root.texts("pricing_imports", f -> null);
        for (int i = 0; i < files.size(); i++) {
            Path file = base.resolve(files.get(i));
            if (!Files.isRegularFile(file)) {
                root.report("pricing_imports[" + i + "]", "no such file: " + file);
                continue;
            }
            try {
                rows.addAll(catalogFile(file).rows());
            } catch (ConfigException e) {
                root.report("pricing_imports[" + i + "]", e.getMessage());
            }
        }
        return rows;
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
                            r.text("source").orElse(defaultSource), tiers(r));
            Optional.ofNullable(row).ifPresent(rows::add);
        }
        return rows;
    }

    private static PriceTiers tiers(ConfigNode r) {
        long above = 0;
        Optional<String> aboveText = r.scalar("long_context_above_tokens", "must be a whole number of tokens such as 200000");
        if (aboveText.isPresent()) {
            try {
                above = Long.parseLong(aboveText.get().trim());
                if (above <= 0) {
                    r.report("long_context_above_tokens", "must be a positive number of tokens, got '" + aboveText.get() + "'");
                }
            } catch (NumberFormatException e) {
                r.report("long_context_above_tokens", "must be a whole number of tokens such as 200000, got '" + aboveText.get() + "'");
            }
        }
        BigDecimal inputAbove = price(r, "input_above_per_mtok", false);
        BigDecimal outputAbove = price(r, "output_above_per_mtok", false);
        if (above > 0 && (inputAbove == null || outputAbove == null)) {
            r.report("long_context_above_tokens", "needs input_above_per_mtok and output_above_per_mtok");
        } else if (above == 0 && (inputAbove != null || outputAbove != null)) {
            r.report("input_above_per_mtok", "needs long_context_above_tokens, the prompt size the price applies above");
        }
        PriceTiers tiers = new PriceTiers(price(r, "cache_write_1h_per_mtok", false), price(r, "batch_input_per_mtok", false),
                price(r, "batch_output_per_mtok", false), above, inputAbove, price(r, "cached_input_above_per_mtok", false), outputAbove);
        return tiers.equals(PriceTiers.NONE) ? PriceTiers.NONE : tiers;
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
