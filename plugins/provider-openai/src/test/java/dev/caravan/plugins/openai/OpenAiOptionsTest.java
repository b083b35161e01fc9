package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code checkOptions}: what the platform reports at start-up, prefixed with the config path. */
class OpenAiOptionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rejection(String options) {
        return assertThrows(IllegalArgumentException.class, () -> adapter.checkOptions(json(options))).getMessage();
    }

    @Test
    void should_use_openai_itself_when_options_are_absent_or_empty() {
        assertEquals(OpenAiOptions.DEFAULT, OpenAiOptions.of(null));
        assertEquals(OpenAiOptions.DEFAULT, OpenAiOptions.of(json("{}")));
    }

    @ParameterizedTest
    @CsvSource({"openai,OPENAI", "azure,AZURE", "ollama,OLLAMA", "vllm,VLLM", "groq,GROQ", "together,TOGETHER",
            "mistral,MISTRAL", "deepseek,DEEPSEEK"})
    void should_accept_every_documented_preset_when_named(String name, Preset expected) {
        String extra = name.equals("azure") ? ", \"api_version\": \"2024-10-21\"" : "";

        assertEquals(expected, OpenAiOptions.of(json("{\"preset\": \"" + name + "\"" + extra + "}")).preset());
    }

    @Test
    void should_name_the_option_and_list_known_ones_when_option_is_unknown() {
        assertEquals("presett: unknown option (known: api_version, deployment, preset, variant)", rejection("{\"presett\": \"groq\"}"));
    }

    @Test
    void should_name_preset_and_list_known_ones_when_preset_is_unknown() {
        assertEquals("preset: unknown preset 'anthropic' (known: openai, azure, ollama, vllm, groq, together, mistral, deepseek)",
                rejection("{\"preset\": \"anthropic\"}"));
    }

    @Test
    void should_name_variant_when_variant_is_unknown() {
        assertEquals("variant: unknown variant 'aws' (known: openai, azure)", rejection("{\"variant\": \"aws\"}"));
    }

    @Test
    void should_require_api_version_when_variant_is_azure() {
        assertTrue(rejection("{\"variant\": \"azure\"}").startsWith("api_version: required when variant is azure"));
    }

    @Test
    void should_require_api_version_when_preset_is_azure() {
        assertTrue(rejection("{\"preset\": \"azure\"}").startsWith("api_version: required when variant is azure"));
    }

    @Test
    void should_refuse_api_version_when_variant_is_not_azure() {
        assertEquals("api_version: only used with variant: azure", rejection("{\"preset\": \"groq\", \"api_version\": \"2024-10-21\"}"));
    }

    @Test
    void should_refuse_deployment_when_variant_is_not_azure() {
        assertEquals("deployment: only used with variant: azure", rejection("{\"deployment\": \"gpt-4o-prod\"}"));
    }

    @Test
    void should_refuse_other_preset_when_combined_with_variant_azure() {
        assertEquals("preset: 'groq' cannot be combined with variant: azure",
                rejection("{\"variant\": \"azure\", \"preset\": \"groq\", \"api_version\": \"2024-10-21\"}"));
    }

    @Test
    void should_name_the_option_when_a_value_is_not_a_string() {
        assertEquals("preset: expected a string", rejection("{\"preset\": 3}"));
    }

    @Test
    void should_refuse_deployment_with_characters_that_do_not_belong_in_a_url() {
        assertTrue(rejection("{\"variant\": \"azure\", \"api_version\": \"2024-10-21\", \"deployment\": \"a/../b\"}")
                .startsWith("deployment: 'a/../b' may only contain"));
    }

    @Test
    void should_say_options_when_options_is_not_an_object() {
        assertEquals("expected an object", rejection("[\"groq\"]"));
    }

    @Test
    void should_read_azure_settings_when_variant_is_azure() {
        OpenAiOptions options = OpenAiOptions.of(json(
                "{\"variant\": \"azure\", \"api_version\": \"2025-04-01-preview\", \"deployment\": \"gpt-4o-prod\"}"));

        assertEquals(new OpenAiOptions(Preset.AZURE, true, "2025-04-01-preview", "gpt-4o-prod"), options);
    }
}
