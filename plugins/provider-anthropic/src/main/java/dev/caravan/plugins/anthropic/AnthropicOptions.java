package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The adapter's {@code providers[].options}, validated.
 *
 * @param version          sent as {@code anthropic-version}; option {@code version}, default {@value #DEFAULT_VERSION}
 * @param beta             sent as {@code anthropic-beta} when not null; option {@code beta}, a string or a list
 *                         of strings (joined with commas, as the API expects)
 * @param defaultMaxTokens {@code max_tokens} for chat requests that set neither {@code max_tokens} nor
 *                         {@code max_completion_tokens} (Anthropic requires it); option {@code default_max_tokens},
 *                         default {@value #DEFAULT_MAX_TOKENS}, the largest output every current Claude model accepts
 */
record AnthropicOptions(String version, String beta, int defaultMaxTokens) {

    static final String DEFAULT_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;
    static final AnthropicOptions DEFAULTS = new AnthropicOptions(DEFAULT_VERSION, null, DEFAULT_MAX_TOKENS);

    private static final Set<String> KNOWN = Set.of("version", "beta", "default_max_tokens");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A beta name as Anthropic spells them, e.g. {@code prompt-caching-2024-07-31}; no commas or spaces. */
    private static final Pattern BETA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Reads and checks {@code options}; a missing or null node means the defaults.
     *
     * @throws IllegalArgumentException whose message starts with the option's name
     */
    static AnthropicOptions from(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return DEFAULTS;
        }
        if (!options.isObject()) {
            throw new IllegalArgumentException("options: must be a mapping, got " + RequestFields.typeOf(options));
        }
        rejectUnknown(options);
        return new AnthropicOptions(version(options.get("version")), beta(options.get("beta")),
                maxTokens(options.get("default_max_tokens")));
    }

    private static void rejectUnknown(JsonNode options) {
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown option of the anthropic adapter (known: beta, default_max_tokens, version)");
            }
        }
    }

    private static String version(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_VERSION;
        }
        if (!node.isTextual() || !DATE.matcher(node.asText()).matches()) {
            throw new IllegalArgumentException("version: must be an anthropic-version date such as 2023-06-01, got " + node);
        }
        return node.asText();
    }

    private static String beta(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                names.add(part.strip());
            }
        } else if (node.isArray() && !node.isEmpty()) {
            node.forEach(item -> names.add(item.isTextual() ? item.asText().strip() : item.toString()));
        } else {
            throw new IllegalArgumentException("beta: must be a beta name or a list of them, got " + node);
        }
        for (String name : names) {
            if (!BETA_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("beta: '" + name + "' is not a beta name such as prompt-caching-2024-07-31");
            }
        }
        return String.join(",", names);
    }

    private static int maxTokens(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
            throw new IllegalArgumentException("default_max_tokens: must be a whole number of at least 1, got " + node);
        }
        return node.intValue();
    }
}
