package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ErrorTypes;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.SafeText;
import java.io.IOException;

/**
 * Upstream failures in the canonical (OpenAI) error shape. The client gets the upstream status, an
 * OpenAI error {@code type} for it, and the upstream's own message when it sent one, never a
 * credential: a message that contains the provider key is replaced, not echoed.
 */
final class ExampleErrors {

    private static final int MAX_MESSAGE = 300;

    private ExampleErrors() {}

    static ProviderError translate(int status, byte[] body, Secret key) {
        JsonNode error = errorObject(body);
        String code = error != null && error.path("code").isTextual() ? error.get("code").asText() : null;
        String message = error != null && error.path("message").isTextual() ? error.get("message").asText() : "";
        if (message.isBlank() || SafeText.hasCredential(message, key)) {
            message = "upstream returned " + status;
        } else if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return new ProviderError(status, ErrorTypes.openAi(status), code, null, "example provider: " + message, null);
    }

    /** The {@code error} object of an OpenAI-shaped error body, or null for anything else (an HTML page...). */
    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
