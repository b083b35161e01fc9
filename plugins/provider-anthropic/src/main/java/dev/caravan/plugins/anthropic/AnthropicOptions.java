package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.OptionsException;
import dev.caravan.api.provider.ProviderOptions;
import java.util.ArrayList;
import java.util.List;
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

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A beta name as Anthropic spells them, e.g. {@code prompt-caching-2024-07-31}; no commas or spaces. */
    private static final Pattern BETA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** The options as written, bound by {@link ProviderOptions}: a single {@code beta} string is a list of one. */
    record Written(String version, List<String> beta, Integer defaultMaxTokens) {}

    /**
     * Binds and checks {@code options}; a missing or null node means the defaults.
     *
     * @throws OptionsException naming the option
     */
    static AnthropicOptions from(JsonNode options) {
        Written written = ProviderOptions.bind(options, Written.class);
        return new AnthropicOptions(version(written.version()), beta(written.beta()), maxTokens(written.defaultMaxTokens()));
    }

    private static String version(String version) {
        if (version == null) {
            return DEFAULT_VERSION;
        }
        if (!DATE.matcher(version).matches()) {
            throw new OptionsException("version", "must be an anthropic-version date such as 2023-06-01, got '" + version + "'");
        }
        return version;
    }

    /** A list of beta names, or one string of comma-separated names, joined with commas as the API expects. */
    private static String beta(List<String> written) {
        if (written == null) {
            return null;
        }
        if (written.isEmpty()) {
            throw new OptionsException("beta", "must be a beta name or a list of them, got an empty list");
        }
        List<String> names = new ArrayList<>();
        for (String item : written) {
            for (String part : item.split(",")) {
                names.add(part.strip());
            }
        }
        for (String name : names) {
            if (!BETA_NAME.matcher(name).matches()) {
                throw new OptionsException("beta", "'" + name + "' is not a beta name such as prompt-caching-2024-07-31");
            }
        }
        return String.join(",", names);
    }

    private static int maxTokens(Integer written) {
        if (written == null) {
            return DEFAULT_MAX_TOKENS;
        }
        if (written < 1) {
            throw new OptionsException("default_max_tokens", "must be a whole number of at least 1, got " + written);
        }
        return written;
    }
}
