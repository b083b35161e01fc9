package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ErrorTypes;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.SafeText;
import java.util.Locale;

/**
 * Turns a Gemini failure into an OpenAI-style error with the same HTTP status. Google's body
 * ({@code {"error":{"code","message","status","details"}}}) gives the message and, lower-cased, the
 * {@code code} ({@code resource_exhausted}, {@code invalid_argument}, ...; {@code invalid_api_key}
 * when Google says the key is invalid); the OpenAI {@code type} follows from the status. Other
 * bodies (an HTML page from a proxy) become {@code upstream returned <status>: <snippet>}. The key is
 * masked wherever Google's text quotes it.
 */
final class ErrorTranslator {

    private ErrorTranslator() {}

    static ProviderError translate(int status, byte[] body, Secret key) {
        JsonNode root = Json.objectOrNull(body);
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject() && error.path("message").isTextual()) {
            return new ProviderError(status, ErrorTypes.openAi(status), code(error), null,
                    SafeText.message(error.get("message").textValue(), key), null);
        }
        String detail = SafeText.snippet(body == null ? new byte[0] : body, key);
        String message = "upstream returned " + status + (detail.isEmpty() ? "" : ": " + detail);
        return new ProviderError(status, ErrorTypes.openAi(status), null, null, message, null);
    }

    private static String code(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                return "invalid_api_key";
            }
        }
        JsonNode status = error.path("status");
        return status.isTextual() && !status.textValue().isEmpty() ? status.textValue().toLowerCase(Locale.ROOT) : null;
    }
}
