package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small JSON value valid for a simple JSON Schema, as the mock's answer to a forced tool: each
 * required property filled by its type (string {@code "example"}, number and integer {@code 1},
 * boolean {@code true}, array {@code []}, object recursively; an {@code enum} or {@code const}
 * gives its first value). Composition keywords ({@code anyOf}, {@code $ref}…) are not followed.
 * Bounded: below {@link #MAX_DEPTH} nested objects, deeper ones are {@code {}}.
 */
final class SchemaExample {
  static final int MAX_DEPTH = 16;

  private SchemaExample() {}

  static ObjectNode object(JsonNode schema) {
    return object(schema, 0);
  }

  private static ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = SseFrames.JSON.createObjectNode();
    if (depth >= MAX_DEPTH) {
      return out;
    }
    JsonNode properties = schema.path("properties");
    for (JsonNode required : schema.path("required")) {
      String name = required.asText();
      out.set(name, value(properties.path(name), depth + 1));
    }
    return out;
  }

  private static JsonNode value(JsonNode schema, int depth) {
    if (schema.path("const").isValueNode() || schema.path("const").isContainerNode()) {
      return schema.get("const");
    }
    if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
      return schema.path("enum").get(0);
    }
    JsonNode type = schema.path("type");
    String name = type.isArray() ? type.path(0).asText("") : type.asText("");
    return switch (name) {
      case "string" -> SseFrames.JSON.getNodeFactory().textNode("example");
      case "number", "integer" -> SseFrames.JSON.getNodeFactory().numberNode(1);
      case "boolean" -> SseFrames.JSON.getNodeFactory().booleanNode(true);
      case "array" -> SseFrames.JSON.createArrayNode();
      case "null" -> SseFrames.JSON.getNodeFactory().nullNode();
      default -> object(schema, depth);
    };
  }
}
