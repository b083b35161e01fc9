package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardrail entries are checked against the loaded plugins and the guardrail scripts at start-up,
 * each problem named by its config path (and for a script, its file): start-up fails, exit code 2.
 */
class GuardrailStartupTest {

    private static final String MODELS = "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }\n";

    @TempDir
    Path tmp;
    static MockUpstream mock;

    @BeforeAll
    static void startMock() {
        mock = MockUpstream.start(MockOptions.defaults());
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    private List<String> problems(String models, String devKey, String sections) {
        return assertThrows(ConfigException.class,
                () -> TestGateway.startWithSections(mock, tmp, TestGateway.pluginsDir(), models, devKey, sections)).problems();
    }

    @Test
    void should_name_the_loaded_guardrails_when_an_entry_names_an_unknown_one() {
        assertEquals(List.of("guardrails[0].plugin: no guardrail 'regx' is loaded (loaded: allowed_models, allowed_tools,"
                + " json_schema, max_input_tokens, pii, prompt_injection, regex, secrets)"),
                problems(MODELS, "", "guardrails: [ { plugin: regx, on: [request], words: [a] } ]"));
    }

    @Test
    void should_report_the_plugins_message_under_the_entry_path_when_an_option_is_refused() {
        List<String> problems = problems(MODELS, "", "tenants: [ { id: acme, guardrails: [ { plugin: pii, on: [request], action: block } ] } ]");

        assertEquals(List.of("tenants[0].guardrails[0].action: must be one of deny, redact, warn, got 'block'"), problems);
    }

    @Test
    void should_report_every_bad_entry_of_every_scope_together() {
        List<String> problems = problems(
                "  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ], guardrails: [ { plugin: max_input_tokens, on: [request] } ] }\n",
                "guardrails: [ { plugin: regex, on: [request], patterns: [\"(open\"] } ]", "");

        assertEquals(2, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith("keys[0].guardrails[0].patterns[0]: "), problems.toString());
        assertEquals(true, problems.get(1).startsWith("models[0].guardrails[0].max: "), problems.toString());
    }

    private Path script(String name, String text) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("policies/guardrails")).resolve(name + ".groovy");
        Files.writeString(file, text);
        return file;
    }

    /** The problems of a start with {@code guardrails} (YAML sections) and the scripts written to {@code tmp/policies}. */
    private List<String> problems(String guardrails) {
        return problems(MODELS, "", "policies: { dir: \"" + tmp.resolve("policies") + "\" }\n" + guardrails);
    }

    @Test
    void should_name_the_entry_and_the_file_when_a_referenced_script_does_not_compile() throws IOException {
        Path file = script("broken", "check { input -> pass( }");

        List<String> problems = problems("guardrails: [ { script: broken, on: [request] } ]");

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("guardrails[0].script: guardrail script " + file + " does not load: line 1:"), problems.get(0));
    }

    @Test
    void should_name_the_sandbox_refusal_when_a_referenced_script_escapes() throws IOException {
        script("escape", "check { input -> System.exit(1) }");

        List<String> problems = problems("tenants: [ { id: acme, guardrails: [ { script: escape, on: [request] } ] } ]");

        assertTrue(problems.get(0).startsWith("tenants[0].guardrails[0].script: guardrail script "), problems.get(0));
        assertTrue(problems.get(0).contains("not allowed"), problems.get(0));
    }

    @Test
    void should_name_the_expected_file_when_a_referenced_script_is_missing() {
        List<String> problems = problems("guardrails: [ { script: nowhere, on: [request] } ]");

        assertEquals(List.of("guardrails[0].script: no guardrail script 'nowhere' (expected the file "
                + tmp.resolve("policies/guardrails/nowhere.groovy") + ")"), problems);
    }

    @Test
    void should_refuse_a_script_without_check_and_a_bad_action_together() throws IOException {
        script("silent", "def x = 1");
        script("fine", "check { input -> flag('x') }");

        List<String> problems = problems("guardrails: [ { script: silent, on: [request] }, { script: fine, on: [request], action: block },"
                + " { script: fine, on: [request], action: redact } ]");

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("does not load: the script registers no check { input -> ... }"), problems.get(0));
        assertEquals("guardrails[1].action: must be one of deny, redact, warn, got 'block'", problems.get(1));
        assertTrue(problems.get(2).startsWith("guardrails[2].action: redact needs the script "), problems.get(2));
    }
}
