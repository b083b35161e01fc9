package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON Schema (OpenAI tool {@code parameters}, {@code response_format.json_schema.schema})
 * into Gemini's {@code Schema}, a subset of the OpenAPI 3.0 schema object. Gemini rejects the whole
 * request for a keyword it does not know, so only its keywords are kept: {@code additionalProperties},
 * {@code $schema}, {@code $id}, {@code $comment}, {@code examples}, {@code exclusiveMinimum},
 * {@code not} and the like are dropped. What JSON Schema says in other words is rewritten: a type
 * list with {@code "null"} and {@code anyOf} with a null branch become {@code nullable}, {@code const}
 * becomes a one-value {@code enum}, {@code oneOf} becomes {@code anyOf}, local {@code $ref}s
 * ({@code #/$defs/..}, {@code #/definitions/..}) are inlined. Types are written in Gemini's
 * upper-case enum, and {@code format}s Gemini does not accept for the type are dropped.
 */
final class SchemaTranslator {

    private static final Set<String> COPIED = Set.of("title", "description", "nullable", "maxItems", "minItems",
            "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example",
            "propertyOrdering", "default", "minimum", "maximum");
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "STRING", Set.of("enum", "date-time"),
            "NUMBER", Set.of("float", "double"),
            "INTEGER", Set.of("int32", "int64"));
    private static final int MAX_DEPTH = 64;

    private SchemaTranslator() {}

    /** The Gemini schema for {@code schema}; {@code path} names the client's field in errors. */
    static ObjectNode translate(JsonNode schema, String path) {
        RequestFields.object(schema, path);
        return new Walk(schema).schema(schema, path, 0, new HashSet<>());
    }

    /** Whether a translated schema is an object without properties, which Gemini refuses as function parameters. */
    static boolean isEmptyObject(ObjectNode schema) {
        return "OBJECT".equals(schema.path("type").asText()) && schema.path("properties").size() == 0
                && !schema.has("anyOf");
    }

    private record Walk(JsonNode root) {

        ObjectNode schema(JsonNode node, String path, int depth, Set<String> refsInUse) {
            if (depth > MAX_DEPTH) {
                throw RequestFields.unsupported(path, "schema is nested too deeply");
            }
            RequestFields.object(node, path);
            if (node.has("$ref")) {
                return inline(node, path, depth, refsInUse);
            }
            ObjectNode out = Json.NODES.objectNode();
            copyType(node, out, path);
            node.fields().forEachRemaining(field -> {
                if (COPIED.contains(field.getKey())) {
                    out.set(field.getKey(), field.getValue().deepCopy());
                }
            });
            copyEnum(node, out, path);
            copyChildren(node, out, path, depth, refsInUse);
            copyFormat(node, out);
            return out;
        }

        private ObjectNode inline(JsonNode node, String path, int depth, Set<String> refsInUse) {
            String ref = RequestFields.text(node.get("$ref"), path + ".$ref");
            JsonNode target = ref.startsWith("#/") ? root.at(ref.substring(1)) : null;
            if (target == null || target.isMissingNode()) {
                throw RequestFields.unsupported(path + ".$ref", "only local references (#/$defs/...) can be sent to Gemini, got " + ref);
            }
            if (!refsInUse.add(ref)) {
                throw RequestFields.unsupported(path + ".$ref", "recursive schemas cannot be sent to Gemini (" + ref + ")");
            }
            ObjectNode inlined = schema(target, path, depth + 1, refsInUse);
            refsInUse.remove(ref);
            if (node.has("description")) {
                inlined.set("description", node.get("description").deepCopy()); // the referring field's own words win
            }
            return inlined;
        }

        private void copyChildren(JsonNode node, ObjectNode out, String path, int depth, Set<String> refsInUse) {
            JsonNode properties = node.get("properties");
            if (properties != null) {
                RequestFields.object(properties, path + ".properties");
                ObjectNode translated = out.putObject("properties");
                properties.fields().forEachRemaining(p -> translated.set(p.getKey(),
                        schema(p.getValue(), path + ".properties." + p.getKey(), depth + 1, refsInUse)));
            }
            JsonNode items = node.get("items");
            if (items != null && !items.isBoolean()) {
                if (items.isArray()) {
                    throw RequestFields.unsupported(path + ".items", "tuple schemas (items as an array) cannot be sent to Gemini");
                }
                out.set("items", schema(items, path + ".items", depth + 1, refsInUse));
            }
            copyAlternatives(node, out, path, depth, refsInUse);
        }

        /** anyOf/oneOf: a null branch becomes nullable; a single remaining branch is merged into this schema. */
        private void copyAlternatives(JsonNode node, ObjectNode out, String path, int depth, Set<String> refsInUse) {
            String key = node.has("anyOf") ? "anyOf" : node.has("oneOf") ? "oneOf" : node.has("allOf") ? "allOf" : null;
            if (key == null) {
                return;
            }
            JsonNode branches = RequestFields.array(node.get(key), path + "." + key);
            if ("allOf".equals(key) && branches.size() != 1) {
                throw RequestFields.unsupported(path + ".allOf", "Gemini has no allOf; only a single-schema allOf can be sent");
            }
            List<ObjectNode> kept = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                JsonNode branch = branches.get(i);
                if ("null".equals(branch.path("type").asText())) {
                    out.put("nullable", true);
                } else {
                    kept.add(schema(branch, path + "." + key + "[" + i + "]", depth + 1, refsInUse));
                }
            }
            if (kept.size() == 1) {
                kept.get(0).fields().forEachRemaining(f -> out.putIfAbsent(f.getKey(), f.getValue()));
            } else if (!kept.isEmpty()) {
                ArrayNode anyOf = out.putArray("anyOf");
                kept.forEach(anyOf::add);
            }
        }
    }

    private static void copyType(JsonNode node, ObjectNode out, String path) {
        JsonNode type = node.get("type");
        if (type == null) {
            return;
        }
        if (type.isTextual()) {
            out.put("type", geminiType(type.textValue(), path));
            return;
        }
        List<String> types = new ArrayList<>();
        for (JsonNode t : RequestFields.array(type, path + ".type")) {
            String name = RequestFields.text(t, path + ".type");
            if ("null".equals(name)) {
                out.put("nullable", true);
            } else {
                types.add(geminiType(name, path));
            }
        }
        if (types.size() == 1) {
            out.put("type", types.get(0));
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", t));
        }
    }

    private static String geminiType(String jsonSchemaType, String path) {
        String upper = jsonSchemaType.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL" -> upper;
            default -> throw RequestFields.unsupported(path + ".type", "unknown JSON Schema type '" + jsonSchemaType + "'");
        };
    }

    /** Gemini's enum holds strings, marked with format "enum"; const is a one-value enum; a null value becomes nullable. */
    private static void copyEnum(JsonNode node, ObjectNode out, String path) {
        JsonNode values = node.has("enum") ? RequestFields.array(node.get("enum"), path + ".enum")
                : node.has("const") ? Json.NODES.arrayNode().add(node.get("const")) : null;
        if (values == null) {
            return;
        }
        ArrayNode strings = out.putArray("enum");
        for (JsonNode value : values) {
            if (value.isNull()) {
                out.put("nullable", true);
            } else {
                strings.add(value.isTextual() ? value.textValue() : Json.text(value));
            }
        }
        if (!out.has("type")) {
            out.put("type", "STRING");
        }
        out.put("format", "enum");
    }

    private static void copyFormat(JsonNode node, ObjectNode out) {
        if (out.has("format")) {
            return; // set for an enum
        }
        JsonNode format = node.get("format");
        Set<String> accepted = FORMATS.get(out.path("type").asText());
        if (format != null && format.isTextual() && accepted != null && accepted.contains(format.textValue())) {
            out.put("format", format.textValue());
        }
    }
}
