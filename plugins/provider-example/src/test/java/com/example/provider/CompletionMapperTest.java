package com.example.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompletionMapperTest {

    private final ProviderHarness adapter = new ProviderHarness(new ExampleAdapter());

    private ProviderResponse translate(byte[] upstream) {
        return adapter.translateResponse(Calls.call(Fixtures.body("{\"model\":\"ex\"}"), false, null), upstream);
    }

    @Test
    void should_build_the_canonical_completion_when_upstream_answers() {
        ProviderResponse response = translate(Fixtures.bytes("upstream-completion.json"));

        assertEquals(Fixtures.json("canonical-completion.json"), Fixtures.json(response.body()));
    }

    @Test
    void should_report_prompt_and_completion_tokens_when_upstream_reports_usage() {
        assertEquals(Usage.of(24, 8), translate(Fixtures.bytes("upstream-completion.json")).usage());
    }

    @Test
    void should_fail_the_request_when_a_2xx_body_is_not_a_completion() {
        assertThrows(IllegalStateException.class, () -> translate("<html>oops</html>".getBytes(StandardCharsets.UTF_8)));
    }
}
