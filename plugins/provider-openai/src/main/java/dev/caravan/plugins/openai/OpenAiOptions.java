package dev.caravan.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The adapter's {@code providers[].options}, checked once at start-up ({@code checkOptions}) and
 * read again, cheaply, per call. Every problem is an {@link IllegalArgumentException} whose message
 * starts with the option's name, as the platform reports it with the config path.
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

    static final String PRESET = "preset";
    static final String VARIANT = "variant";
    static final String API_VERSION = "api_version";
    static final String DEPLOYMENT = "deployment";
    private static final List<String> KNOWN = List.of(PRESET, VARIANT, API_VERSION, DEPLOYMENT);

    /** Azure deployment names and api versions: letters, digits, '.', '_', '-' (they go into a URL). */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Parses and checks {@code options}; null or a missing node means the defaults (OpenAI itself). */
    static OpenAiOptions of(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return DEFAULT;
        }
        if (!options.isObject()) {
            throw new IllegalArgumentException("options: must be an object, e.g. { preset: groq }");
        }
        rejectUnknown(options);
        String variant = text(options, VARIANT);
        if (variant != null && !variant.equals("openai") && !variant.equals("azure")) {
            throw new IllegalArgumentException(VARIANT + ": unknown variant '" + variant + "' (known: openai, azure)");
        }
        Preset preset = preset(options, variant);
        boolean azure = preset == Preset.AZURE;
        String apiVersion = urlSafe(options, API_VERSION);
        String deployment = urlSafe(options, DEPLOYMENT);
        if (azure && apiVersion == null) {
            throw new IllegalArgumentException(API_VERSION + ": required when variant is azure, e.g. api_version: \"2024-10-21\"");
        }
        if (!azure && apiVersion != null) {
            throw new IllegalArgumentException(API_VERSION + ": only used with variant: azure");
        }
        if (!azure && deployment != null) {
            throw new IllegalArgumentException(DEPLOYMENT + ": only used with variant: azure");
        }
        return new OpenAiOptions(preset, azure, apiVersion, deployment);
    }

    private static void rejectUnknown(JsonNode options) {
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown option (known: " + String.join(", ", KNOWN) + ")");
            }
        }
    }

    /** {@code variant: azure} and {@code preset: azure} say the same; any other preset with azure is a contradiction. */
    private static Preset preset(JsonNode options, String variant) {
        String name = text(options, PRESET);
        Preset preset = name == null ? null : Preset.named(name);
        if (name != null && preset == null) {
            throw new IllegalArgumentException(PRESET + ": unknown preset '" + name + "' (known: " + Preset.names() + ")");
        }
        if ("azure".equals(variant)) {
            if (preset != null && preset != Preset.AZURE) {
                throw new IllegalArgumentException(PRESET + ": '" + name + "' cannot be combined with variant: azure");
            }
            return Preset.AZURE;
        }
        if (preset == Preset.AZURE && "openai".equals(variant)) {
            throw new IllegalArgumentException(VARIANT + ": preset azure needs variant azure (or no variant)");
        }
        return preset == null ? Preset.OPENAI : preset;
    }

    private static String text(JsonNode options, String name) {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(name + ": must be a non-empty string");
        }
        return value.asText();
    }

    private static String urlSafe(JsonNode options, String name) {
        String value = text(options, name);
        if (value != null && !URL_SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": '" + value + "' may only contain letters, digits, '.', '_' and '-' (at most 64)");
        }
        return value;
    }
}
