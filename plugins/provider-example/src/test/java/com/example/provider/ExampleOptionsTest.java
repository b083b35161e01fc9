package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import org.junit.jupiter.api.Test;

class ExampleOptionsTest {

    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    private String rejection(String options) {
        return assertThrows(IllegalArgumentException.class, () -> adapter.checkOptions(Fixtures.body(options))).getMessage();
    }

    @Test
    void should_read_system_prompt_and_streaming_when_both_are_set() {
        assertEquals(new ExampleOptions("Be kind.", false), ExampleOptions.of(Fixtures.body("{\"system_prompt\":\"Be kind.\",\"streaming\":false}")));
    }

    @Test
    void should_use_defaults_when_options_are_absent() {
        assertEquals(ExampleOptions.DEFAULT, ExampleOptions.of(null));
    }

    @Test
    void should_name_the_option_when_it_is_unknown() {
        assertEquals("temperature: unknown option (known: streaming, system_prompt)", rejection("{\"temperature\":1}"));
    }

    @Test
    void should_name_system_prompt_when_it_is_not_a_string() {
        assertEquals("system_prompt: expected a string", rejection("{\"system_prompt\":[]}"));
    }

    @Test
    void should_name_streaming_when_it_is_not_a_boolean() {
        assertEquals("streaming: expected true or false", rejection("{\"streaming\":\"yes\"}"));
    }
}
