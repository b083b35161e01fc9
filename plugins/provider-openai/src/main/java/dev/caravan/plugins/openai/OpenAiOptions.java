package dev.caravan.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.OptionsException;
import dev.caravan.api.provider.ProviderOptions;
import java.util.regex.Pattern;

/**
 * The adapter's {@code providers[].options}, bound once per provider at start-up. Every problem is
 * an {@link OptionsException} naming the option, as the platform reports it with the config path.
 *
 * <pre>
 * options: { preset: groq }
 * options: { variant: azure, api_version: "2024-10-21", deployment: gpt-4o-prod }
 * </pre>
 *
 * @param preset     the host; {@code variant: azure} implies {@link Preset#AZURE}
 * @param azure      whether Azure OpenAI's URLs and {@code api-key} header are used
 * @param apiVersion Azure's {@code api-version} query value (required for Azure), else null
 * @param deployment the Azure deployment, or null to use the alias target's model name
 */
record OpenAiOptions(Preset preset, boolean azure, String apiVersion, String deployment) {

    static final OpenAiOptions DEFAULT = new OpenAiOptions(Preset.OPENAI, false, null, null);

    /** Azure deployment names and api versions: letters, digits, '.', '_', '-' (they go into a URL). */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The options as written, bound by {@link ProviderOptions} (unknown options and wrong types are refused there). */
    record Written(String preset, String variant, String apiVersion, String deployment) {
        Written {
            nonBlank("preset", preset);
            nonBlank("variant", variant);
            urlSafe("api_version", apiVersion);
            urlSafe("deployment", deployment);
        }
    }

    /** Binds and checks {@code options}; null or a missing node means the defaults (OpenAI itself). */
    static OpenAiOptions of(JsonNode options) {
        Written written = ProviderOptions.bind(options, Written.class);
        String variant = written.variant();
        if (variant != null && !variant.equals("openai") && !variant.equals("azure")) {
            throw new OptionsException("variant", "unknown variant '" + variant + "' (known: openai, azure)");
        }
        Preset preset = preset(written.preset(), variant);
        boolean azure = preset == Preset.AZURE;
        if (azure && written.apiVersion() == null) {
            throw new OptionsException("api_version", "required when variant is azure, e.g. api_version: \"2024-10-21\"");
        }
        if (!azure && written.apiVersion() != null) {
            throw new OptionsException("api_version", "only used with variant: azure");
        }
        if (!azure && written.deployment() != null) {
            throw new OptionsException("deployment", "only used with variant: azure");
        }
        return new OpenAiOptions(preset, azure, written.apiVersion(), written.deployment());
    }

    /** {@code variant: azure} and {@code preset: azure} say the same; any other preset with azure is a contradiction. */
    private static Preset preset(String name, String variant) {
        Preset preset = name == null ? null : Preset.named(name);
        if (name != null && preset == null) {
            throw new OptionsException("preset", "unknown preset '" + name + "' (known: " + Preset.names() + ")");
        }
        if ("azure".equals(variant)) {
            if (preset != null && preset != Preset.AZURE) {
                throw new OptionsException("preset", "'" + name + "' cannot be combined with variant: azure");
            }
            return Preset.AZURE;
        }
        if (preset == Preset.AZURE && "openai".equals(variant)) {
            throw new OptionsException("variant", "preset azure needs variant azure (or no variant)");
        }
        return preset == null ? Preset.OPENAI : preset;
    }

    private static void nonBlank(String name, String value) {
        if (value != null && value.isBlank()) {
            throw new OptionsException(name, "expected a non-empty string");
        }
    }

    private static void urlSafe(String name, String value) {
        nonBlank(name, value);
        if (value != null && !URL_SAFE.matcher(value).matches()) {
            throw new OptionsException(name, "'" + value + "' may only contain letters, digits, '.', '_' and '-' (at most 64)");
        }
    }
}
