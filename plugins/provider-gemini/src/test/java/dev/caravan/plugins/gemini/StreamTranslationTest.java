package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTranslationTest {

    private static final String HEAD = "{\"id\":\"chatcmpl-sTrEaMiNgReSpOnSe00001\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1735689600,\"model\":\"gemini-2.5-flash\",";
    private final ProviderHarness adapter = new ProviderHarness(new GeminiAdapter());

    @Test
    void should_replay_role_content_finish_and_done_without_thoughts_when_gemini_streams_text() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<String> sent = data(translateAll(translator, Fixtures.events("stream-text-with-thoughts.sse")));

        assertEquals(List.of(
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"! How can I help you today?\"},\"logprobs\":null,\"finish_reason\":null}]}",
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                "[DONE]"), sent);
        assertTrue(translator.endedCleanly());
    }

    @Test
    void should_take_usage_from_the_last_usage_metadata_when_the_stream_ends() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        translateAll(translator, Fixtures.events("stream-text-with-thoughts.sse"));

        assertEquals(new Usage(9, 58, 4, 0, 48, true), translator.usage());
    }

    @Test
    void should_send_a_usage_chunk_before_done_when_the_client_asked_for_usage() {
        StreamTranslator translator = adapter.openStream(streamCall(true));

        List<String> sent = data(translateAll(translator, Fixtures.events("stream-text-with-thoughts.sse")));

        assertEquals(6, sent.size());
        assertTrue(sent.get(0).endsWith("\"finish_reason\":null}],\"usage\":null}"), sent.get(0));
        assertEquals(HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":58,\"total_tokens\":67,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":48}}}", sent.get(4));
        assertEquals("[DONE]", sent.get(5));
    }

    @Test
    void should_stream_null_content_then_tool_call_deltas_and_finish_with_tool_calls_when_gemini_calls_functions() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<String> sent = data(translateAll(translator, Fixtures.events("stream-function-call.sse")));

        String head = "{\"id\":\"chatcmpl-fUnCtIoNsTrEaM00000001\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
                + "\"model\":\"gemini-2.5-flash\",";
        assertEquals(List.of(
                head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_0\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lisbon\\\",\\\"unit\\\":\\\"celsius\\\"}\"},"
                        + "\"extra_content\":{\"google\":{\"thought_signature\":\"CiQB0e2Kb0fTnUpC8vI3sbqg3A==\"}}}]},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}",
                head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]"), sent);
    }

    @Test
    void should_not_end_cleanly_or_send_done_when_the_stream_stops_before_a_finish_reason() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<String> sent = data(translateAll(translator, Fixtures.events("stream-truncated.sse")));

        assertFalse(translator.endedCleanly());
        assertFalse(sent.contains("[DONE]"), sent.toString());
        assertEquals(3, sent.size()); // role, "Once upon", " a time"
        assertEquals(Usage.of(5, 4), translator.usage());
    }

    @Test
    void should_answer_with_a_content_filter_refusal_and_end_cleanly_when_the_prompt_is_blocked() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<String> sent = data(translateAll(translator, Fixtures.events("stream-prompt-blocked.sse")));

        assertEquals(3, sent.size());
        assertTrue(sent.get(0).contains("\"delta\":{\"role\":\"assistant\",\"content\":null,"
                + "\"refusal\":\"Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).\"}"), sent.get(0));
        assertTrue(sent.get(1).contains("\"finish_reason\":\"content_filter\""), sent.get(1));
        assertEquals("[DONE]", sent.get(2));
        assertTrue(translator.endedCleanly());
        assertEquals(Usage.of(14, 0), translator.usage());
    }

    @Test
    void should_send_nothing_and_not_end_cleanly_when_gemini_streams_an_error_object() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<SseEvent> out = translator.onEvent(SseEvent.data(
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}"));

        assertEquals(List.of(), out);
        assertEquals(List.of(), translator.onComplete());
        assertFalse(translator.endedCleanly());
    }

    @Test
    void should_skip_an_event_when_its_data_is_not_json() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        assertEquals(List.of(), translator.onEvent(SseEvent.data("{\"candidates\": [")));
        assertEquals(Usage.NONE, translator.usage());
    }

    @Test
    void should_keep_each_candidate_apart_when_gemini_streams_several() {
        StreamTranslator translator = adapter.openStream(streamCall(false));

        List<String> sent = data(translator.onEvent(SseEvent.data("{\"candidates\":["
                + "{\"content\":{\"parts\":[{\"text\":\"Red\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0},"
                + "{\"content\":{\"parts\":[{\"text\":\"Blue\"}],\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\",\"index\":1}]}")));

        assertEquals(6, sent.size());
        assertTrue(sent.get(4).contains("{\"index\":1,\"delta\":{\"content\":\"Blue\"}"), sent.get(4));
        assertTrue(sent.get(5).contains("{\"index\":1,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"}"), sent.get(5));
    }

    private static List<SseEvent> translateAll(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> sent = new ArrayList<>();
        upstream.forEach(event -> sent.addAll(translator.onEvent(event)));
        sent.addAll(translator.onComplete());
        return sent;
    }

    private static List<String> data(List<SseEvent> events) {
        events.forEach(e -> assertEquals(null, e.event(), "OpenAI chunks have no event name"));
        return events.stream().map(SseEvent::data).toList();
    }

    private static ProviderCall streamCall(boolean clientAsksForUsage) {
        ObjectNode body = Fixtures.body("{'model':'fast','stream':true,'messages':[{'role':'user','content':'Hi'}]}");
        if (clientAsksForUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return Calls.call(body, true);
    }
}
