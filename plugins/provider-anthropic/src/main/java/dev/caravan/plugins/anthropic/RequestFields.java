package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import java.util.Locale;

/**
 * Reading a client's chat request field by field: a JSON null counts as absent (OpenAI's own
 * rule), and every rejection names the field's path (e.g. {@code messages[2].content[0].type})
 * both as the error's {@code param} and at the start of its message.
 */
final class RequestFields {

    private RequestFields() {}

    static UnsupportedRequestException refuse(String path, String message) {
        return new UnsupportedRequestException(path, path + ": " + message);
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static String requiredText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (!present(node)) {
            throw refuse(path, "required");
        }
        if (!node.isTextual()) {
            throw refuse(path, "must be a string");
        }
        return node.asText();
    }

    /** A short description of a JSON value for messages: its type, never its (possibly private) content. */
    static String typeOf(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
