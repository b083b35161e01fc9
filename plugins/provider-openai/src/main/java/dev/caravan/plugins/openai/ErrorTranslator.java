package dev.caravan.plugins.openai;

import dev.caravan.api.provider.ErrorTypes;
import dev.caravan.api.provider.SafeText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns an upstream failure into what the client sees. An OpenAI error body
 * ({@code {"error":{"message","type","param","code"}}}) is already in the client's wire format and
 * is passed through byte for byte with the same status, unless it contains something that looks
 * like a credential (OpenAI's 401 quotes part of the key), in which case the error is rebuilt with
 * the credential masked. Anything else (an HTML error page, a compatible server's own shape) gets
 * an OpenAI type from the status and the message {@code upstream returned <status>: <snippet>}.
 */
final class ErrorTranslator {

    ProviderError translate(int status, byte[] body, Secret key) {
        JsonNode root = parseQuietly(body);
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
            return fromOpenAiError(status, body, error, key);
        }
        String detail = detail(root, body, key);
        String message = "upstream returned " + status + (detail.isEmpty() ? "" : ": " + detail);
        return new ProviderError(status, ErrorTypes.openAi(status), null, null, message, null);
    }

    private static ProviderError fromOpenAiError(int status, byte[] body, JsonNode error, Secret key) {
        String type = error.path("type").isTextual() ? error.get("type").asText() : ErrorTypes.openAi(status);
        JsonNode codeNode = error.path("code");
        String code = codeNode.isTextual() || codeNode.isNumber() ? codeNode.asText() : null;
        String param = error.path("param").isTextual() ? error.get("param").asText() : null;
        String message = error.path("message").isTextual() ? error.get("message").asText() : "upstream returned " + status;
        boolean safe = !SafeText.hasCredential(new String(body, StandardCharsets.UTF_8), key);
        return new ProviderError(status, type, code, param, SafeText.mask(message, key), safe ? body : null);
    }

    /** Compatible servers' shapes first ({"error":"..."} as Ollama, {"message":"..."} as vLLM), else the raw body. */
    private static String detail(JsonNode root, byte[] body, Secret key) {
        if (root != null && root.path("error").isTextual()) {
            return SafeText.excerpt(root.get("error").asText(), key);
        }
        if (root != null && root.path("message").isTextual()) {
            return SafeText.excerpt(root.get("message").asText(), key);
        }
        return SafeText.snippet(body, key);
    }

    private static JsonNode parseQuietly(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
