package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.api.redaction.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guardrails-basic and redaction-pii jars Maven copies into the distribution's
 * {@code plugins/} folder load through the plugin host, and their shaded libraries (detectors,
 * jtokkit vocabularies, json-schema-validator) work inside the plugin class loader with the host's
 * Jackson.
 */
class BundledGuardPluginsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RequestContext CONTEXT = new RequestContext("t-1", "acme", "k-1", "dev", "gpt-4o-mini", Map.of(), Instant.EPOCH);
    private static PluginHost host;

    @BeforeAll
    static void start() {
        String dir = System.getProperty("caravan.test.plugins", "target/caravan/plugins");
        assertTrue(Files.isDirectory(Path.of(dir)), "no plugins folder at " + dir + ": run through Maven (mvn -B verify)");
        host = PluginHost.start(Path.of(dir));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static Map<String, Guardrail> guardrails() {
        return host.extensions(Guardrail.class).stream().collect(Collectors.toMap(Guardrail::id, Function.identity()));
    }

    @Test
    void should_load_every_bundled_guardrail_and_the_pii_redactor_from_the_plugin_jars() {
        assertEquals(List.of(), host.problems());
        assertTrue(host.ready());
        assertEquals(Set.of("regex", "pii", "secrets", "prompt_injection", "max_input_tokens", "allowed_models", "allowed_tools", "json_schema"),
                guardrails().keySet());
        assertEquals(List.of("pii"), host.extensions(LogRedactor.class).stream().map(LogRedactor::id).toList());
        // loaded by the plugin's class loader from the jar, not from the test classpath
        assertNotSame(getClass().getClassLoader(), guardrails().get("pii").getClass().getClassLoader());
    }

    @Test
    void should_return_a_redacted_host_jackson_body_when_the_pii_guardrail_redacts() throws Exception {
        ObjectNode body = (ObjectNode) MAPPER.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"I am jane@example.com\"}]}");
        GuardInput input = new GuardInput(GuardPhase.REQUEST, CONTEXT, body, "I am jane@example.com", true);

        GuardVerdict v = guardrails().get("pii").configure(MAPPER.readTree("{\"action\":\"redact\"}")).check(input);

        assertEquals(Action.REDACT, v.action());
        assertEquals("I am [EMAIL]", v.transformed().at("/messages/0/content").asText());
    }

    @Test
    void should_count_tokens_with_the_bundled_vocabulary_when_max_input_tokens_checks() throws Exception {
        GuardInput input = new GuardInput(GuardPhase.REQUEST, CONTEXT, null, "hello world", true);

        for (String encoding : List.of("cl100k_base", "o200k_base")) {
            Guardrail g = guardrails().get("max_input_tokens");
            assertEquals(Action.PASS, g.configure(MAPPER.readTree("{\"max\":2,\"encoding\":\"" + encoding + "\"}")).check(input).action());
            assertEquals(Action.DENY, g.configure(MAPPER.readTree("{\"max\":1,\"encoding\":\"" + encoding + "\"}")).check(input).action());
        }
    }

    @Test
    void should_validate_the_answer_with_the_bundled_schema_validator_when_json_schema_checks() throws Exception {
        var check = guardrails().get("json_schema").configure(MAPPER.readTree(
                "{\"schema\":{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"}}}}"));

        assertEquals(Action.PASS, check.check(new GuardInput(GuardPhase.RESPONSE, CONTEXT, null, "{\"ok\":true}", true)).action());
        assertEquals("the answer does not match the schema: /ok: type",
                check.check(new GuardInput(GuardPhase.RESPONSE, CONTEXT, null, "{\"ok\":\"yes\"}", true)).reason());
    }

    @Test
    void should_mask_and_count_when_the_pii_log_redactor_runs() {
        Redaction r = host.extensions(LogRedactor.class).get(0).redact("{\"content\":\"card 4111 1111 1111 1111\"}", CONTEXT);

        assertEquals("{\"content\":\"card [CREDIT_CARD]\"}", r.text());
        assertEquals(Map.of("credit_card", 1), r.counts());
    }
}
