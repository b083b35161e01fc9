package dev.caravan.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderOptionsTest {

    enum Variant { OPENAI, AZURE }

    record Model(String name, Integer maxTokens) {}

    record Options(String apiVersion, Boolean streaming, Variant variant, List<String> beta, List<Model> models) {
        Options {
            streaming = streaming == null || streaming;
            if (variant == Variant.AZURE && apiVersion == null) {
                throw new IllegalArgumentException("api_version: required when variant is azure");
            }
        }
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static OptionsException refusal(String options) {
        return assertThrows(OptionsException.class, () -> ProviderOptions.bind(json(options), Options.class));
    }

    @Test
    void should_bind_snake_case_options_to_record_components_when_valid() throws Exception {
        Options options = ProviderOptions.bind(json("{\"api_version\":\"2024-10-21\",\"variant\":\"azure\",\"streaming\":false,"
                + "\"beta\":\"x\",\"models\":[{\"name\":\"m\",\"max_tokens\":5}]}"), Options.class);

        assertEquals(new Options("2024-10-21", false, Variant.AZURE, List.of("x"), List.of(new Model("m", 5))), options);
    }

    @Test
    void should_apply_the_record_defaults_when_options_are_absent() {
        assertEquals(new Options(null, true, null, null, null), ProviderOptions.bind(null, Options.class));
    }

    @Test
    void should_name_the_option_when_a_string_option_gets_a_number() {
        OptionsException e = refusal("{\"api_version\":5}");

        assertEquals("api_version", e.path());
        assertEquals("api_version: expected a string", e.getMessage());
    }

    @Test
    void should_refuse_a_string_for_a_boolean_when_binding() {
        assertEquals("streaming: expected true or false", refusal("{\"streaming\":\"true\"}").getMessage());
    }

    @Test
    void should_list_the_known_options_when_an_option_is_unknown() {
        assertEquals("colour: unknown option (known: api_version, beta, models, streaming, variant)",
                refusal("{\"colour\":\"red\"}").getMessage());
    }

    @Test
    void should_list_the_enum_values_when_a_value_is_unknown() {
        assertEquals("variant: expected one of: openai, azure, got 'gcp'", refusal("{\"variant\":\"gcp\"}").getMessage());
    }

    @Test
    void should_give_the_nested_path_when_a_list_element_is_wrong() {
        assertEquals("models[1].max_tokens: expected a whole number",
                refusal("{\"models\":[{\"name\":\"a\"},{\"name\":\"b\",\"max_tokens\":\"many\"}]}").getMessage());
    }

    @Test
    void should_report_a_constructor_refusal_at_the_option_it_names() {
        OptionsException e = refusal("{\"variant\":\"azure\"}");

        assertEquals("api_version", e.path());
        assertEquals("required when variant is azure", e.problem());
    }

    @Test
    void should_refuse_options_that_are_not_an_object() {
        OptionsException e = refusal("\"fast\"");

        assertEquals("", e.path());
        assertEquals("expected an object", e.getMessage());
    }
}
