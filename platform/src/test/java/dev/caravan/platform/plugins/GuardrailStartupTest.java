package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.it.TestGateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guardrail entries are checked against the loaded plugins at start-up, each problem named by its config path. */
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
}
