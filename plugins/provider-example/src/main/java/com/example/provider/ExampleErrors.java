package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import dev.caravan.api.provider.ProviderError;
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
        if (message.isBlank() || containsKey(message, key)) {
            message = "upstream returned " + status;
        } else if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return new ProviderError(status, typeFor(status), code, null, "example provider: " + message, null);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 404 -> "not_found_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> "api_error";
        };
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

    private static boolean containsKey(String text, Secret key) {
        return key != null && !key.isEmpty() && text.contains(key.reveal());
    }
}
