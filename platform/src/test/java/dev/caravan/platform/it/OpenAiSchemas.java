package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The component schemas of OpenAI's published OpenAPI document (an extract kept as the test
 * resource {@code openapi/openai-schemas.json}; source, commit and licence in its
 * {@code $comment} and README). {@link #assertValid} checks one JSON value against one named
 * schema; {@code $ref}s resolve to {@code #/components/schemas/} of the same document.
 */
final class OpenAiSchemas {

    private static final ObjectNode DOCUMENT = load();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenAiSchemas() {
    }

    static void assertValid(String schemaName, JsonNode value) {
        List<Error> errors = SCHEMAS.computeIfAbsent(schemaName, OpenAiSchemas::compile).validate(value);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList(), schemaName + ": " + value);
    }

    private static Schema compile(String name) {
        if (!DOCUMENT.path("components").path("schemas").has(name)) {
            throw new IllegalArgumentException(name + " is not in the extract; add it to the resource");
        }
        ObjectNode root = DOCUMENT.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + name);
        return REGISTRY.getSchema(root);
    }

    private static ObjectNode load() {
        try (InputStream in = OpenAiSchemas.class.getResourceAsStream("/openapi/openai-schemas.json")) {
            return (ObjectNode) TestGateway.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
