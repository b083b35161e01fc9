package dev.caravan.plugins.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.guardrail.Guardrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every guardrail entry in docs/plugins/guardrails.md configures, and the outcomes the page states hold. */
class DocsExamplesTest {

    private static final Path DOC = Path.of("../../docs/plugins/guardrails.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Guardrail> GUARDRAILS = Stream.of(new RegexGuardrail(), new PiiGuardrail(), new SecretsGuardrail(),
                    new PromptInjectionGuardrail(), new MaxInputTokensGuardrail(), new AllowedModelsGuardrail(),
                    new AllowedToolsGuardrail(), new JsonSchemaGuardrail())
            .collect(Collectors.toMap(Guardrail::id, Function.identity()));

    private static List<JsonNode> entries() throws IOException {
        assertTrue(Files.isRegularFile(DOC), "no " + DOC.toAbsolutePath());
        List<JsonNode> entries = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(Files.readString(DOC));
        while (m.find()) {
            YAML.readTree(m.group(1)).forEach(entries::add);
        }
        return entries;
    }

    private static GuardCheck configured(String plugin, int nth) throws IOException {
        List<JsonNode> ofPlugin = entries().stream().filter(e -> e.path("plugin").asText().equals(plugin)).toList();
        return GUARDRAILS.get(plugin).configure(ofPlugin.get(nth));
    }

    @Test
    void should_configure_every_entry_of_the_page() throws IOException {
        List<JsonNode> entries = entries();

        assertEquals(GUARDRAILS.keySet(), entries.stream().map(e -> e.path("plugin").asText()).collect(Collectors.toSet()),
                "every guardrail has an example");
        for (JsonNode entry : entries) {
            Guardrail g = GUARDRAILS.get(entry.path("plugin").asText());
            assertNotNull(g, "unknown plugin in " + entry);
            assertNotNull(g.configure(entry), entry.toString());
        }
    }

    @Test
    void should_deny_project_falcon_as_the_first_regex_example_says() throws IOException {
        assertEquals(GuardVerdict.deny("regex", "found pattern_1=1"), configured("regex", 0).check(Inputs.userSays("Tell me about Project Falcon")));
    }

    @Test
    void should_redact_words_and_patterns_as_the_second_regex_example_says() throws IOException {
        GuardVerdict v = configured("regex", 1).check(Inputs.userSays("What is Blue Harbour? See INC-004211."));

        assertEquals("redacted pattern_1=1, word=1", v.reason());
        assertEquals("What is [REDACTED]? See [REDACTED].", v.transformed().at("/messages/0/content").asText());
    }

    @Test
    void should_redact_email_and_card_as_the_first_pii_example_says() throws IOException {
        GuardVerdict v = configured("pii", 0).check(Inputs.userSays("I am jane@example.com, card 4111 1111 1111 1111"));

        assertEquals("redacted credit_card=1, email=1", v.reason());
        assertEquals("I am [EMAIL], card [CREDIT_CARD]", v.transformed().at("/messages/0/content").asText());
    }

    @Test
    void should_warn_on_a_stream_as_the_third_pii_example_says() throws IOException {
        assertEquals(GuardVerdict.Action.WARN, configured("pii", 2).check(Inputs.streamed("mail jane@example.com", false)).action());
    }

    @Test
    void should_allow_and_deny_the_models_the_allowed_models_example_names() throws IOException {
        GuardCheck check = configured("allowed_models", 0);

        for (String allowed : List.of("gpt-4o-2024-08-06", "o4-mini", "fast")) {
            assertEquals(GuardVerdict.Action.PASS, check.check(Inputs.request(Inputs.object("{\"model\":\"" + allowed + "\"}"))).action());
        }
        assertEquals(GuardVerdict.deny("allowed_models", "model 'gpt-4' is not allowed"), check.check(Inputs.request(Inputs.object("{\"model\":\"gpt-4\"}"))));
    }

    @Test
    void should_report_the_regex_error_as_the_page_quotes_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegexGuardrail().configure(Inputs.json("{\"patterns\":[\"ok\",\"(unclosed\"]}")));

        assertEquals("patterns[1]: not a valid regular expression: Unclosed group near index 9", e.getMessage());
    }

    @Test
    void should_deny_a_wrong_age_as_the_json_schema_example_says() throws IOException {
        GuardVerdict v = configured("json_schema", 0).check(Inputs.answer("{\"name\":\"Ada\",\"age\":-1}"));

        assertEquals("the answer does not match the schema: /age: minimum", v.reason());
    }
}
