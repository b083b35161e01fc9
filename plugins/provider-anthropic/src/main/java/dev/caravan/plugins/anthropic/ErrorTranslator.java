package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ErrorTypes;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.SafeText;
import java.nio.charset.StandardCharsets;

/**
 * Turns an Anthropic failure ({@code {"type":"error","error":{"type","message"}}}, or anything else
 * a proxy in between may send) into what the client sees.
 *
 * <p>A client of {@code /v1/messages} gets Anthropic's own body byte for byte with the same status;
 * when the body is not an Anthropic error (an HTML page from a proxy) or quotes a credential, it
 * gets an Anthropic error body built from the status and a masked excerpt. A chat completion client
 * gets the OpenAI shape: OpenAI type (see {@link ErrorTypes}), the Anthropic type as {@code code},
 * Anthropic's message, and 503 instead of 529. The message never contains the API key.
 */
final class ErrorTranslator {

    ProviderError translate(ApiFamily family, int status, byte[] body, Secret key) {
        JsonNode root = Json.objectOrNull(body);
        JsonNode error = root == null ? null : root.get("error");
        String anthropicType;
        String message;
        boolean anthropicBody = error != null && error.isObject() && error.path("type").isTextual();
        if (anthropicBody) {
            anthropicType = error.get("type").asText();
            message = error.path("message").isTextual() ? SafeText.mask(error.get("message").asText(), key)
                    : "upstream returned " + status;
        } else {
            anthropicType = ErrorTypes.anthropic(status);
            String detail = SafeText.snippet(body, key);
            message = "upstream returned " + status + (detail.isEmpty() ? "" : ": " + detail);
        }
        if (family == ApiFamily.MESSAGES) {
            boolean asIs = anthropicBody && !SafeText.hasCredential(new String(body, StandardCharsets.UTF_8), key);
            byte[] clientBody = asIs ? body : anthropicError(anthropicType, message);
            return new ProviderError(status, anthropicType, null, null, message, clientBody);
        }
        return new ProviderError(OpenAiErrors.openAiStatus(status), OpenAiErrors.openAiFor(anthropicType, status),
                anthropicType, null, message, null);
    }

    private static byte[] anthropicError(String type, String message) {
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return Json.bytes(body);
    }
}
