package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * {@code json_schema}: the model's answer must be JSON matching {@code schema}.
 *
 * <p>On the RESPONSE phase, once the answer is complete (for streams: at the end), the answer text
 * is parsed as one JSON value (a single surrounding Markdown code fence, {@code ```json … ```}, is
 * removed first unless {@code strip_code_fence: false}) and validated with networknt's
 * json-schema-validator. The schema's {@code $schema} picks the draft; without one, 2020-12.
 * PASS on the REQUEST phase and while a stream is still running.
 *
 * <p>Options: {@code schema} (required, a JSON Schema object or boolean), {@code action}
 * ({@code deny} default or {@code warn}), {@code strip_code_fence} (default true). The reason says
 * "not valid JSON" or lists up to three failing locations (JSON Pointers into the answer) with the
 * failing keyword ({@code /age: type}, {@code (root): required}), never values from the answer.
 */
@Extension
public final class JsonSchemaGuardrail implements Guardrail {

    static final String ID = "json_schema";
    private static final Set<String> OPTIONS = Set.of("schema", "action", "strip_code_fence");
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern FENCE = Pattern.compile("\\A\\s*```[A-Za-z0-9_-]*[ \\t]*\\R(.*?)\\R?```\\s*\\z", Pattern.DOTALL);
    private static final int REPORTED_ERRORS = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        Schema schema = schema(o);
        Action action = Actions.action(o, ID, Actions.DENY_OR_WARN);
        boolean stripFence = o.bool("strip_code_fence", true);
        return input -> check(input, schema, action, stripFence);
    }

    private static GuardVerdict check(GuardInput input, Schema schema, Action action, boolean stripFence) {
        if (input.phase() != GuardPhase.RESPONSE || !input.complete()) {
            return GuardVerdict.pass(ID);
        }
        String text = input.text() == null ? "" : input.text();
        if (stripFence) {
            Matcher fenced = FENCE.matcher(text);
            if (fenced.matches()) {
                text = fenced.group(1);
            }
        }
        JsonNode answer;
        try {
            answer = text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null) {
            return verdict(action, "the answer is not valid JSON");
        }
        List<Error> errors = schema.validate(answer);
        if (errors.isEmpty()) {
            return GuardVerdict.pass(ID);
        }
        String where = errors.stream().limit(REPORTED_ERRORS)
                .map(e -> location(e) + ": " + e.getKeyword())
                .collect(Collectors.joining("; "));
        String more = errors.size() > REPORTED_ERRORS ? " (+" + (errors.size() - REPORTED_ERRORS) + " more)" : "";
        return verdict(action, "the answer does not match the schema: " + where + more);
    }

    /** The failing place as a JSON Pointer into the answer ({@code /items/0/age}); the whole answer is {@code (root)}. */
    private static String location(Error e) {
        String pointer = String.valueOf(e.getInstanceLocation());
        return pointer.isEmpty() ? "(root)" : pointer;
    }

    private static Schema schema(Options o) {
        JsonNode node = o.get("schema");
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new IllegalArgumentException("schema: required, a JSON Schema (an object or a boolean)");
        }
        try {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            Schema schema = registry.getSchema(node);
            schema.initializeValidators(); // resolve references now: a broken schema fails configure, not a request
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schema: not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    private static GuardVerdict verdict(Action action, String reason) {
        return action == Action.WARN ? GuardVerdict.warn(ID, reason) : GuardVerdict.deny(ID, reason);
    }
}
