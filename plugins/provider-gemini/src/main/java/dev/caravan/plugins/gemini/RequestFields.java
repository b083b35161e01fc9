package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.UnsupportedRequestException;

/**
 * Typed reads of the client's request fields. A field of the wrong type is refused with its path
 * (e.g. {@code messages[2].content}), so the client learns which value to fix instead of getting
 * Google's error about a field it never sent.
 */
final class RequestFields {

    private RequestFields() {}

    /** Whether the field is absent or JSON null: both mean "not set" in an OpenAI request. */
    static boolean unset(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new UnsupportedRequestException(path, path + ": must be a string");
        }
        return node.textValue();
    }

    static JsonNode number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new UnsupportedRequestException(path, path + ": must be a number");
        }
        return node;
    }

    /** The node itself, once checked to be an integer (kept as a node: its number type survives the copy). */
    static JsonNode integer(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new UnsupportedRequestException(path, path + ": must be an integer");
        }
        return node;
    }

    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new UnsupportedRequestException(path, path + ": must be an object");
        }
        return node;
    }

    static JsonNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new UnsupportedRequestException(path, path + ": must be an array");
        }
        return node;
    }

    static UnsupportedRequestException unsupported(String path, String why) {
        return new UnsupportedRequestException(path, path + ": " + why);
    }
}
