package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseTranslationTest {

    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());
    private final ProviderCall call = Calls.call(Fixtures.body("{'model':'fast','messages':[{'role':'user','content':'Capital of France?'}]}"), false);

    @Test
    void should_build_an_openai_chat_completion_without_thoughts_when_gemini_answers_text() {
        JsonNode completion = translate("generate-content-response.json");

        assertEquals(Fixtures.tree("""
                {"id":"chatcmpl-mJ0aabCdEfGhIjKlMnOpQr","object":"chat.completion","created":1735689600,
                 "model":"gemini-2.5-flash",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"The capital of France is Paris.","refusal":null},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":24,"completion_tokens":116,"total_tokens":140,
                          "prompt_tokens_details":{"cached_tokens":16},"completion_tokens_details":{"reasoning_tokens":108}}}
                """), completion);
    }

    @Test
    void should_count_thoughts_as_completion_and_reasoning_tokens_when_reporting_usage() {
        ProviderResponse response = adapter.translateResponse(call, Fixtures.bytes("generate-content-response.json"));

        assertEquals(new Usage(24, 116, 16, 0, 108, true), response.usage());
    }

    @Test
    void should_return_tool_calls_with_stable_ids_when_gemini_calls_functions() {
        JsonNode choice = translate("generate-content-function-call.json").path("choices").get(0);

        assertEquals(Fixtures.tree("""
                {"index":0,"message":{"role":"assistant","content":null,"refusal":null,"tool_calls":[
                   {"id":"call_0","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lisbon\\",\\"unit\\":\\"celsius\\"}"},
                    "extra_content":{"google":{"thought_signature":"CiQB0e2Kb0fTnUpC8vI3sbqg3A=="}}},
                   {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 "logprobs":null,"finish_reason":"tool_calls"}
                """), choice);
    }

    @Test
    void should_answer_with_a_content_filter_refusal_when_gemini_blocks_the_prompt() {
        JsonNode completion = translate("generate-content-prompt-blocked.json");

        assertEquals(Fixtures.tree("""
                [{"index":0,"message":{"role":"assistant","content":null,
                  "refusal":"Gemini blocked the prompt (blockReason: SAFETY)."},"logprobs":null,"finish_reason":"content_filter"}]
                """), completion.get("choices"));
        assertEquals(12, completion.path("usage").path("prompt_tokens").asInt());
    }

    @Test
    void should_finish_with_content_filter_and_empty_content_when_gemini_stops_for_safety() {
        JsonNode choice = translate("generate-content-finish-safety.json").path("choices").get(0);

        assertEquals("content_filter", choice.path("finish_reason").asText());
        assertEquals("", choice.path("message").path("content").asText("not text"));
    }

    @Test
    void should_finish_with_length_when_gemini_hits_max_tokens() {
        JsonNode choice = translate("generate-content-max-tokens.json").path("choices").get(0);

        assertEquals("length", choice.path("finish_reason").asText());
        assertEquals("Once upon a time, in a", choice.path("message").path("content").asText());
    }

    @Test
    void should_fall_back_to_target_model_and_trace_id_when_gemini_sends_neither_version_nor_id() {
        ObjectNode body = Fixtures.json("generate-content-max-tokens.json");
        body.remove("modelVersion");

        JsonNode completion = Fixtures.tree(adapter.translateResponse(call, Fixtures.MAPPER.valueToTree(body).toString()
                .getBytes(StandardCharsets.UTF_8)).body());

        assertEquals("gemini-2.5-flash", completion.path("model").asText());
        assertEquals("chatcmpl-trace-1", completion.path("id").asText());
    }

    @Test
    void should_make_one_choice_per_candidate_when_gemini_returns_several() {
        String body = """
                {"candidates":[{"content":{"parts":[{"text":"Red"}],"role":"model"},"finishReason":"STOP","index":0},
                               {"content":{"parts":[{"text":"Blue"}],"role":"model"},"finishReason":"STOP","index":1}],
                 "usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2,"totalTokenCount":6},"modelVersion":"gemini-2.0-flash"}
                """;

        JsonNode choices = Fixtures.tree(adapter.translateResponse(call, body.getBytes(StandardCharsets.UTF_8)).body()).get("choices");

        assertEquals("Blue", choices.get(1).path("message").path("content").asText());
        assertEquals(1, choices.get(1).path("index").asInt());
    }

    @Test
    void should_fail_without_echoing_the_body_when_a_2xx_body_is_not_json() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adapter.translateResponse(call, "<html>secret page</html>".getBytes(StandardCharsets.UTF_8)));

        assertEquals(false, e.getMessage().contains("secret"));
    }

    private JsonNode translate(String fixture) {
        return Fixtures.tree(adapter.translateResponse(call, Fixtures.bytes(fixture)).body());
    }
}
