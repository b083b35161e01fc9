package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {

    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    @Test
    void should_read_prompt_completion_cached_and_reasoning_tokens_when_completion_reports_usage() {
        ProviderResponse response = adapter.translateResponse(Calls.call(Fixtures.json("chat-request.json"), false),
                Fixtures.bytes("chat-completion.json"));

        assertEquals(new Usage(1117, 46, 1024, 0, 12, true), response.usage());
    }

    @Test
    void should_return_upstream_bytes_unchanged_when_translating_response() {
        byte[] upstream = Fixtures.bytes("chat-completion.json");

        ProviderResponse response = adapter.translateResponse(Calls.call(Fixtures.json("chat-request.json"), false), upstream);

        assertSame(upstream, response.body());
    }

    @Test
    void should_count_zero_cached_and_reasoning_tokens_when_compatible_server_omits_details() {
        assertEquals(new Usage(9, 3, 0, 0, 0, true), OpenAiUsage.fromResponse(Fixtures.bytes("chat-completion-compatible.json")));
    }

    @Test
    void should_report_no_usage_when_completion_has_none() {
        assertEquals(Usage.NONE, OpenAiUsage.fromResponse(Fixtures.bytes("chat-completion-no-usage.json")));
    }

    @Test
    void should_report_no_usage_when_usage_is_null() {
        assertEquals(Usage.NONE, OpenAiUsage.fromResponse(bytes("{\"id\":\"x\",\"choices\":[],\"usage\":null}")));
    }

    @Test
    void should_return_bytes_and_no_usage_when_body_is_malformed() {
        byte[] malformed = bytes("{\"id\":\"x\",\"choices\":[{\"index\":0,");

        ProviderResponse response = adapter.translateResponse(Calls.call(Fixtures.json("chat-request.json"), false), malformed);

        assertSame(malformed, response.body());
        assertEquals(Usage.NONE, response.usage());
    }

    @Test
    void should_report_no_usage_when_body_is_not_an_object() {
        assertEquals(Usage.NONE, OpenAiUsage.fromResponse(bytes("[1,2,3]")));
        assertEquals(Usage.NONE, OpenAiUsage.fromResponse(new byte[0]));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
