package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.openai.models.chat.completions.ChatCompletion;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatResponseTranslatorTest {

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_join_text_blocks_and_map_usage_when_message_is_text() {
        ProviderResponse response = translate("messages-response-text.json");

        assertEquals(Fixtures.json("chat-completion-text.json"), Fixtures.tree(response.body()));
    }

    @Test
    void should_return_tool_calls_and_leave_thinking_out_when_message_uses_a_tool() {
        ProviderResponse response = translate("messages-response-tool-use.json");

        assertEquals(Fixtures.json("chat-completion-tool-use.json"), Fixtures.tree(response.body()));
    }

    @Test
    void should_produce_a_completion_the_openai_sdk_accepts_when_translating() {
        for (String fixture : new String[] {"messages-response-text.json", "messages-response-tool-use.json", "messages-response-max-tokens.json"}) {
            String body = new String(translate(fixture).body(), StandardCharsets.UTF_8);

            ChatCompletion completion = Sdks.openAi(body, ChatCompletion.class);
            completion.validate();
            assertEquals(1, completion.choices().size(), fixture);
        }
    }

    @Test
    void should_count_cache_reads_and_writes_into_prompt_tokens_when_usage_has_cache_fields() {
        assertEquals(new Usage(21 + 1024 + 188, 14, 1024, 188, 0, true), translate("messages-response-text.json").usage());
    }

    @Test
    void should_report_length_when_message_stopped_at_max_tokens() {
        ProviderResponse response = translate("messages-response-max-tokens.json");

        assertEquals("length", Fixtures.tree(response.body()).at("/choices/0/finish_reason").asText());
        assertEquals(new Usage(12, 10, 0, 0, 0, true), response.usage());
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "pause_turn, stop", "max_tokens, length",
        "model_context_window_exceeded, length", "tool_use, tool_calls", "refusal, content_filter", "some_future_reason, stop"})
    void should_map_stop_reason_to_finish_reason_when_message_ends(String stopReason, String finishReason) {
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],"
                + "\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

        ProviderResponse response = adapter.translateResponse(Calls.chat(Fixtures.json("chat-request-basic.json")),
                message.getBytes(StandardCharsets.UTF_8));

        assertEquals(finishReason, Fixtures.tree(response.body()).at("/choices/0/finish_reason").asText());
        assertFalse(Fixtures.tree(response.body()).at("/choices/0/message/content").isTextual()); // no text: null content
    }

    @Test
    void should_fail_without_quoting_the_body_when_upstream_sends_no_message() {
        byte[] body = "{\"secret conversation\":true}".getBytes(StandardCharsets.UTF_8);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adapter.translateResponse(Calls.chat(Fixtures.json("chat-request-basic.json")), body));

        assertFalse(e.getMessage().contains("secret"));
    }

    private ProviderResponse translate(String fixture) {
        return adapter.translateResponse(Calls.chat(Fixtures.json("chat-request-basic.json")), Fixtures.bytes(fixture));
    }
}
