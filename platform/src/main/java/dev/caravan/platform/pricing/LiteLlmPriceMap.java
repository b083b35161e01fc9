package dev.caravan.platform.pricing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PriceTiers;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the LiteLLM model price map ({@code model_prices_and_context_window.json}, MIT): one JSON
 * object per model key with per-token USD prices. Numbers are read from the JSON text as exact
 * decimals (never through a double) and moved six places to give prices per million tokens, so
 * {@code 1.25e-06} becomes exactly {@code 1.25}.
 *
 * <p>Only entries the gateway can bill are kept: chat, completion, responses and embedding models
 * priced per token, and image models priced per image, of the providers in {@link #PROVIDERS}.
 * Entries priced per pixel, second or character, regional or commitment variants
 * ({@code azure/eu/...}, {@code bedrock/us-east-1/...}) and other providers are skipped and counted.
 */
public final class LiteLlmPriceMap {

    /** LiteLLM's {@code litellm_provider} to the catalog's provider name. */
    public static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"), Map.entry("text-completion-openai", "openai"),
            Map.entry("azure", "azure"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("gemini", "google"),
            Map.entry("vertex_ai-language-models", "vertex"), Map.entry("vertex_ai-anthropic_models", "vertex"),
            Map.entry("vertex_ai-mistral_models", "vertex"), Map.entry("vertex_ai-llama_models", "vertex"),
            Map.entry("vertex_ai-embedding-models", "vertex"), Map.entry("vertex_ai-image-models", "vertex"),
            Map.entry("vertex_ai-ai21_models", "vertex"), Map.entry("vertex_ai-deepseek_models", "vertex"),
            Map.entry("vertex_ai-qwen_models", "vertex"), Map.entry("vertex_ai-openai_models", "vertex"),
            Map.entry("vertex_ai-moonshot_models", "vertex"), Map.entry("vertex_ai-minimax_models", "vertex"),
            Map.entry("vertex_ai-zai_models", "vertex"), Map.entry("vertex_ai", "vertex"),
            Map.entry("mistral", "mistral"), Map.entry("codestral", "mistral"),
            Map.entry("groq", "groq"),
            Map.entry("together_ai", "together"),
            Map.entry("fireworks_ai", "fireworks"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("xai", "xai"),
            Map.entry("bedrock", "bedrock"), Map.entry("bedrock_converse", "bedrock"),
            Map.entry("perplexity", "perplexity"),
            Map.entry("openrouter", "openrouter"),
            Map.entry("deepinfra", "deepinfra"),
            Map.entry("cerebras", "cerebras"),
            Map.entry("sambanova", "sambanova"),
            Map.entry("moonshot", "moonshot"));

    /** Key prefixes LiteLLM uses to route; the upstream model name is what follows. */
    private static final Set<String> ROUTING_PREFIXES = Set.of("openai", "text-completion-openai", "azure", "anthropic",
            "gemini", "vertex_ai", "mistral", "codestral", "groq", "together_ai", "fireworks_ai", "deepseek", "xai",
            "bedrock", "perplexity", "openrouter", "deepinfra", "cerebras", "sambanova", "moonshot");
    /** Providers whose model names never hold a '/': a key that still does is a size, region or commitment variant. */
    private static final Set<String> FLAT_NAMES = Set.of("openai", "azure", "anthropic", "bedrock", "google", "deepseek", "xai");
    private static final Set<String> MODES = Set.of("chat", "completion", "responses", "embedding", "image_generation");
    private static final Pattern ABOVE = Pattern.compile("input_cost_per_token_above_(\\d+)k_tokens");

    /** What a read produced: the rows, the entries skipped, and each problem with its line. */
    public record Result(List<PriceRow> rows, int entries, int skipped, List<String> problems) {}

    private LiteLlmPriceMap() {}

    /**
     * @param in        the JSON text
     * @param effective the day the rows take effect
     * @param source    recorded in each row, followed by the entry's key
     */
    public static Result read(Reader in, LocalDate effective, String source) throws IOException {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        List<PriceRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int entries = 0;
        int skipped = 0;
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add("line " + p.currentLocation().getLineNr() + ": the file must be one JSON object of model keys");
                return new Result(rows, 0, 0, problems);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentLocation().getLineNr();
                p.nextToken();
                JsonNode entry = mapper.readTree(p);
                if (key.equals("sample_spec")) {
                    continue;
                }
                if (!entry.isObject()) {
                    continue; // metadata beside the models, such as a mirror's "last_updated" stamp
                }
                entries++;
                PriceRow row = row(key, entry, line, effective, source, problems);
                if (row == null) {
                    skipped++;
                } else if (seen.add(row.provider() + "/" + row.model())) {
                    rows.add(row);
                } else {
                    skipped++; // the same upstream model under a second key (e.g. "gpt-4o" and "openai/gpt-4o")
                }
            }
        } catch (JsonProcessingException e) {
            problems.add("line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
        return new Result(rows, entries, skipped, problems);
    }

    private static PriceRow row(String key, JsonNode e, int line, LocalDate effective, String source, List<String> problems) {
        String litellmProvider = e.path("litellm_provider").asText("");
        String provider = PROVIDERS.get(litellmProvider);
        if (provider == null || !MODES.contains(e.path("mode").asText("chat"))) {
            return null;
        }
        String model = modelName(key);
        if (model.isEmpty() || (FLAT_NAMES.contains(provider) && model.contains("/"))) {
            return null;
        }
        Field f = new Field(key, e, line, problems);
        BigDecimal input = f.perMtok("input_cost_per_token");
        BigDecimal output = f.perMtok("output_cost_per_token");
        BigDecimal perImage = f.exact("output_cost_per_image");
        if (f.failed) {
            return null;
        }
        if (input == null && perImage == null) {
            return null; // priced per pixel, second or character, or not at all
        }
        if (input == null) {
            input = BigDecimal.ZERO;
        }
        if (output == null) {
            output = BigDecimal.ZERO; // embeddings bill input only
        }
        PriceTiers tiers = tiers(f);
        PriceRow row = new PriceRow(provider, model, input, f.perMtok("cache_read_input_token_cost"),
                f.perMtok("cache_creation_input_token_cost"), output, f.perMtok("output_cost_per_reasoning_token"),
                perImage, f.exact("input_cost_per_request"), effective, source + " [" + key + "]", tiers);
        return f.failed ? null : row;
    }

    private static PriceTiers tiers(Field f) {
        long above = 0;
        var names = f.entry.fieldNames();
        while (names.hasNext()) {
            Matcher m = ABOVE.matcher(names.next());
            if (m.matches()) {
                long k = Long.parseLong(m.group(1)) * 1000;
                above = above == 0 ? k : Math.min(above, k);
            }
        }
        String suffix = "_above_" + (above / 1000) + "k_tokens";
        BigDecimal inputAbove = above == 0 ? null : f.perMtok("input_cost_per_token" + suffix);
        BigDecimal outputAbove = above == 0 ? null : f.perMtok("output_cost_per_token" + suffix);
        if (inputAbove == null || outputAbove == null) {
            above = 0;
            inputAbove = null;
            outputAbove = null;
        }
        BigDecimal cachedAbove = above == 0 ? null : f.perMtok("cache_read_input_token_cost" + suffix);
        PriceTiers tiers = new PriceTiers(f.perMtok("cache_creation_input_token_cost_above_1hr"),
                f.perMtok("input_cost_per_token_batches"), f.perMtok("output_cost_per_token_batches"),
                above, inputAbove, cachedAbove, outputAbove);
        return tiers.equals(PriceTiers.NONE) ? PriceTiers.NONE : tiers;
    }

    /** {@code groq/llama-3.3-70b-versatile} → {@code llama-3.3-70b-versatile}; a bare name stays. */
    static String modelName(String key) {
        int slash = key.indexOf('/');
        if (slash > 0 && ROUTING_PREFIXES.contains(key.substring(0, slash))) {
            return key.substring(slash + 1);
        }
        return key;
    }

    /** Reads one entry's price fields, reporting a field that is not a number with the entry's line. */
    private static final class Field {
        private static final BigDecimal MILLION = BigDecimal.ONE.movePointRight(6);
        final String key;
        final JsonNode entry;
        final int line;
        final List<String> problems;
        boolean failed;

        Field(String key, JsonNode entry, int line, List<String> problems) {
            this.key = key;
            this.entry = entry;
            this.line = line;
            this.problems = problems;
        }

        BigDecimal exact(String name) {
            JsonNode v = entry.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber()) {
                problems.add("line " + line + ": '" + key + "'." + name + ": must be a number, got " + v.getNodeType().name().toLowerCase()
                        + " " + abbreviate(v.toString()));
                failed = true;
                return null;
            }
            BigDecimal d = v.decimalValue();
            if (d.signum() < 0) {
                problems.add("line " + line + ": '" + key + "'." + name + ": must not be negative, got " + d.toPlainString());
                failed = true;
                return null;
            }
            return plain(d);
        }

        BigDecimal perMtok(String name) {
            BigDecimal perToken = exact(name);
            return perToken == null ? null : plain(perToken.multiply(MILLION));
        }

        private static BigDecimal plain(BigDecimal d) {
            BigDecimal s = d.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }
}
