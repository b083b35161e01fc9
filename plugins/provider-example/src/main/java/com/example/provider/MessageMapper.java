package com.example.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import java.util.Set;

/**
 * Canonical {@code messages} to the upstream's: role and text only. Text content parts are joined;
 * image parts and tool messages are refused, since this provider declares neither vision nor tools.
 */
final class MessageMapper {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private MessageMapper() {}

    static ArrayNode map(JsonNode messages, String systemPrompt) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new UnsupportedRequestException("messages", "messages: must be a non-empty array");
        }
        ArrayNode upstream = Json.MAPPER.createArrayNode();
        if (systemPrompt != null) {
            upstream.addObject().put("role", "system").put("content", systemPrompt);
        }
        for (int i = 0; i < messages.size(); i++) {
            upstream.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return upstream;
    }

    private static ObjectNode message(JsonNode message, String path) {
        String role = message.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw new UnsupportedRequestException(path + ".role",
                    path + ".role: '" + role + "' is not supported by the example provider (system, developer, user, assistant)");
        }
        ObjectNode mapped = Json.MAPPER.createObjectNode();
        mapped.put("role", role.equals("developer") ? "system" : role); // the upstream knows no developer role
        mapped.put("content", text(message.get("content"), path + ".content"));
        return mapped;
    }

    private static String text(JsonNode content, String path) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content == null || !content.isArray()) {
            throw new UnsupportedRequestException(path, path + ": must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                String where = path + "[" + j + "]";
                throw new UnsupportedRequestException(where, where + ": only text parts are supported by the example provider");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }
}
