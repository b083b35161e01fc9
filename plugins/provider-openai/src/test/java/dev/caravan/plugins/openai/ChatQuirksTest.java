package dev.caravan.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat bodies adapted to hosts that differ from OpenAI on the wire (Groq, Mistral). */
class ChatQuirksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GROQ = "{\"preset\":\"groq\"}";
    private static final String MISTRAL = "{\"preset\":\"mistral\"}";
    private final ProviderHarness adapter = new ProviderHarness(new OpenAiAdapter());

    private static ProviderCall call(ObjectNode body, boolean stream, String options) {
        return Calls.call(ApiFamily.CHAT_COMPLETIONS, body, "upstream-model", stream, Calls.provider("p", "https://host.test/v1", options));
    }

    private static ObjectNode chat(String extraFields) {
        try {
            return (ObjectNode) MAPPER.readTree("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + extraFields + "}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode sent(ObjectNode body, boolean stream, String options) throws IOException {
        return MAPPER.readTree(adapter.prepare(call(body, stream, options)).body());
    }

    private UnsupportedRequestException refusal(ObjectNode body, String options) {
        return assertThrows(UnsupportedRequestException.class, () -> adapter.prepare(call(body, false, options)));
    }

    @Test
    void should_refuse_naming_the_field_when_groq_gets_logprobs() {
        UnsupportedRequestException e = refusal(chat(",\"logprobs\":true,\"top_logprobs\":2"), GROQ);

        assertEquals(List.of("logprobs", "logprobs: not supported by Groq"), List.of(e.param(), e.getMessage()));
    }

    @Test
    void should_refuse_naming_n_when_groq_is_asked_for_several_choices() {
        assertEquals("n", refusal(chat(",\"n\":2"), GROQ).param());
    }

    @Test
    void should_pass_n_through_when_groq_is_asked_for_one_choice() throws IOException {
        assertEquals(1, sent(chat(",\"n\":1"), false, GROQ).path("n").asInt());
    }

    @Test
    void should_refuse_naming_the_message_when_groq_gets_a_participant_name() throws IOException {
        ObjectNode body = (ObjectNode) MAPPER.readTree(
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"name\":\"ann\",\"content\":\"Hi\"}]}");

        assertEquals("messages[1].name", refusal(body, GROQ).param());
    }

    @Test
    void should_pass_logprobs_through_when_preset_is_openai() throws IOException {
        assertEquals(true, sent(chat(",\"logprobs\":true"), false, null).path("logprobs").asBoolean());
    }

    @Test
    void should_drop_store_and_user_when_preset_is_mistral() throws IOException {
        JsonNode body = sent(chat(",\"store\":false,\"user\":\"u-42\",\"temperature\":0.2"), false, MISTRAL);

        assertFalse(body.has("store"));
        assertFalse(body.has("user"));
        assertEquals(0.2, body.path("temperature").asDouble());
    }

    @Test
    void should_send_max_completion_tokens_as_max_tokens_when_preset_is_mistral() throws IOException {
        JsonNode body = sent(chat(",\"max_completion_tokens\":64"), false, MISTRAL);

        assertFalse(body.has("max_completion_tokens"));
        assertEquals(64, body.path("max_tokens").asInt());
    }

    @Test
    void should_refuse_naming_the_field_when_mistral_gets_both_token_limits() {
        assertEquals("max_completion_tokens", refusal(chat(",\"max_completion_tokens\":64,\"max_tokens\":32"), MISTRAL).param());
    }

    @Test
    void should_neither_add_nor_forward_stream_options_when_preset_is_mistral() throws IOException {
        assertFalse(sent(chat(",\"stream\":true"), true, MISTRAL).has("stream_options"));
        assertFalse(sent(chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), true, MISTRAL).has("stream_options"));
    }

    @Test
    void should_forward_usage_chunk_and_meter_it_when_mistral_reports_usage_unasked() {
        StreamTranslator translator = adapter.openStream(call(chat(",\"stream\":true"), true, MISTRAL));
        List<SseEvent> upstream = Fixtures.events("chat-stream-with-usage.sse");

        List<SseEvent> sent = upstream.stream().flatMap(e -> translator.onEvent(e).stream()).toList();

        assertEquals(upstream, sent);
        assertEquals(new Usage(19, 10, 8, 0, 4, true), translator.usage());
    }

    @Test
    void should_ask_for_stream_usage_when_preset_is_groq() throws IOException {
        assertEquals(true, sent(chat(",\"stream\":true"), true, GROQ).path("stream_options").path("include_usage").asBoolean());
    }
}
