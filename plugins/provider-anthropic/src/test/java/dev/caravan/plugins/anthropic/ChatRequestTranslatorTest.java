package dev.caravan.plugins.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.testkit.Fixtures;
import dev.caravan.testkit.ProviderHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestTranslatorTest {

    private final ProviderHarness adapter = Calls.adapter();

    @Test
    void should_translate_system_conversation_and_sampling_when_chat_request_is_plain() {
        assertEquals(Fixtures.json("messages-request-basic.json"), sent(Fixtures.json("chat-request-basic.json")));
    }

    @Test
    void should_translate_images_tool_calls_tool_results_and_tool_choice_when_chat_request_uses_tools() {
        assertEquals(Fixtures.json("messages-request-tools.json"), sent(Fixtures.json("chat-request-tools.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-request-basic.json", "chat-request-tools.json"})
    void should_send_a_body_the_anthropic_sdk_accepts_when_translating(String fixture) {
        ObjectNode chat = Fixtures.json(fixture);
        ObjectNode asOpenAiSees = chat.deepCopy().put("model", "gpt-4o"); // the SDK's validate() knows only OpenAI's model names
        Sdks.openAi(asOpenAiSees.toString(), ChatCompletionCreateParams.Body.class).validate(); // the input is a real OpenAI request

        JsonNode sent = sent(chat);

        Sdks.anthropic(sent.toString(), MessageCreateParams.Body.class).validate();
    }

    @Test
    void should_use_default_max_tokens_when_client_gives_none() {
        JsonNode sent = sent(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        assertEquals(AnthropicOptions.DEFAULT_MAX_TOKENS, sent.get("max_tokens").asInt());
    }

    @Test
    void should_use_configured_default_max_tokens_when_option_is_set() {
        ProviderCall call = Calls.call(ApiFamily.CHAT_COMPLETIONS, chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                false, Calls.provider(Calls.KEY, java.util.Map.of(), Fixtures.tree("{\"default_max_tokens\":8192}")));

        assertEquals(8192, Fixtures.tree(adapter.prepare(call).body()).get("max_tokens").asInt());
    }

    @Test
    void should_prefer_max_completion_tokens_when_both_limits_are_given() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":10,\"max_completion_tokens\":20}"));

        assertEquals(20, sent.get("max_tokens").asInt());
    }

    @Test
    void should_send_one_stop_sequence_when_stop_is_a_string() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":\"END\"}"));

        assertEquals(Fixtures.tree("[\"END\"]"), sent.get("stop_sequences"));
    }

    @Test
    void should_send_a_plain_system_string_when_there_is_one_system_message() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        assertEquals("Be brief.", sent.get("system").asText());
        assertEquals(1, sent.get("messages").size());
    }

    @Test
    void should_merge_consecutive_user_messages_into_one_turn_when_roles_repeat() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"One\"},{\"role\":\"user\",\"content\":\"Two\"}]}"));

        assertEquals(Fixtures.tree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"One\"},{\"type\":\"text\",\"text\":\"Two\"}]}]"),
                sent.get("messages"));
    }

    @Test
    void should_send_stream_true_only_when_the_call_streams() {
        assertFalse(sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":false}")).has("stream"));
        assertTrue(sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}")).get("stream").asBoolean());
    }

    @Test
    void should_take_user_id_from_safety_identifier_when_user_is_absent() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"safety_identifier\":\"hash-42\"}"));

        assertEquals("hash-42", sent.path("metadata").path("user_id").asText());
    }

    @Test
    void should_send_named_tool_choice_with_parallel_use_disabled_when_client_names_a_function() {
        ObjectNode chat = Fixtures.json("chat-request-tools.json");
        chat.set("tool_choice", Fixtures.tree("{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"));

        assertEquals(Fixtures.tree("{\"type\":\"tool\",\"name\":\"get_time\",\"disable_parallel_tool_use\":true}"), sent(chat).get("tool_choice"));
    }

    @Test
    void should_send_tool_choice_none_without_parallel_flag_when_client_forbids_tools() {
        ObjectNode chat = Fixtures.json("chat-request-tools.json");
        chat.put("tool_choice", "none");

        assertEquals(Fixtures.tree("{\"type\":\"none\"}"), sent(chat).get("tool_choice"));
    }

    @Test
    void should_send_no_tool_choice_when_client_leaves_it_and_parallel_calls_out() {
        ObjectNode chat = Fixtures.json("chat-request-tools.json");
        chat.remove("tool_choice");
        chat.remove("parallel_tool_calls");

        assertFalse(sent(chat).has("tool_choice"));
    }

    @Test
    void should_leave_client_body_unchanged_when_translating() {
        ObjectNode chat = Fixtures.json("chat-request-tools.json");
        ObjectNode before = chat.deepCopy();

        sent(chat);

        assertEquals(before, chat);
    }

    @Test
    void should_drop_harmless_fields_when_anthropic_has_no_equivalent() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":1,\"store\":true,"
                + "\"service_tier\":\"auto\",\"metadata\":{\"a\":\"b\"},\"prompt_cache_key\":\"k\",\"n\":1,\"logit_bias\":{}}"));

        assertEquals(Fixtures.tree("[\"model\",\"max_tokens\",\"messages\"]"), Fixtures.tree(fieldNames(sent)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "n|{\"n\":2}",
        "logprobs|{\"logprobs\":true}",
        "top_logprobs|{\"top_logprobs\":3}",
        "logit_bias|{\"logit_bias\":{\"50256\":-100}}",
        "frequency_penalty|{\"frequency_penalty\":0.5}",
        "presence_penalty|{\"presence_penalty\":-1}",
        "response_format.type|{\"response_format\":{\"type\":\"xml\"}}",
        "modalities|{\"modalities\":[\"text\",\"audio\"]}",
        "audio|{\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}}",
        "reasoning_effort|{\"reasoning_effort\":\"high\"}",
        "functions|{\"functions\":[{\"name\":\"f\"}]}",
        "web_search_options|{\"web_search_options\":{}}",
        "x_vendor_extension|{\"x_vendor_extension\":true}",
        "temperature|{\"temperature\":1.5}",
        "top_p|{\"top_p\":\"high\"}",
        "max_tokens|{\"max_tokens\":0}",
        "stop[1]|{\"stop\":[\"a\",1]}",
        "tool_choice|{\"tool_choice\":\"required\"}",
        "stream_options|{\"stream_options\":\"usage\"}",
        "user|{\"user\":42}"
    })
    void should_refuse_naming_the_parameter_when_anthropic_cannot_honour_it(String caseText) {
        String[] parts = caseText.split("\\|", 2);
        ObjectNode chat = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        chat.setAll(Fixtures.object(parts[1]));

        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> sent(chat));

        assertEquals(parts[0], e.param());
        assertTrue(e.getMessage().startsWith(parts[0] + ": "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "messages|{\"messages\":[]}",
        "messages[0].role|{\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}",
        "messages[0].content|{\"messages\":[{\"role\":\"user\"}]}",
        "messages[0].content[0].type|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}}]}]}",
        "messages[0].content[0].file.file_id|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]}",
        "messages[0].content[0].file.file_data|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_data\":\"data:text/plain;base64,aGk=\"}}]}]}",
        "messages[0].content[0].image_url.url|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/bmp;base64,Qk0=\"}}]}]}",
        "messages[0].content[0].image_url.url|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]}]}",
        "messages[0].content[0].type|{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}",
        "messages[1].tool_calls[0].function.arguments|{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}]}",
        "messages[1].tool_call_id|{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"tool\",\"content\":\"42\"}]}",
        "messages[0].role|{\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}]}",
        "messages|{\"messages\":[{\"role\":\"system\",\"content\":\"Only a system prompt\"}]}",
        "tools[0].type|{\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"grammar\"}}]}",
        "tools[0].function.parameters.type|{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"array\"}}}]}"
    })
    void should_refuse_naming_the_field_when_a_message_or_tool_cannot_be_translated(String caseText) {
        String[] parts = caseText.split("\\|", 2);
        ObjectNode chat = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        chat.setAll(Fixtures.object(parts[1]));

        UnsupportedRequestException e = assertThrows(UnsupportedRequestException.class, () -> sent(chat));

        assertEquals(parts[0], e.param());
    }

    @Test
    void should_send_a_pdf_document_block_when_user_attaches_a_pdf_file_part() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":"
                + "{\"filename\":\"letter.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0xLjQK\"}},"
                + "{\"type\":\"text\",\"text\":\"Summarise this letter.\"}]}]}"));

        assertEquals(Fixtures.tree("[{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\","
                + "\"data\":\"JVBERi0xLjQK\"},\"title\":\"letter.pdf\"},{\"type\":\"text\",\"text\":\"Summarise this letter.\"}]"),
                sent.at("/messages/0/content"));
        Sdks.anthropic(sent.toString(), MessageCreateParams.Body.class).validate();
    }

    @Test
    void should_send_empty_object_input_when_tool_call_has_no_arguments() {
        JsonNode sent = sent(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"},{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}]}"));

        assertEquals(Fixtures.tree("[{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"get_time\",\"input\":{}}]"),
                sent.get("messages").get(1).get("content"));
    }

    @Test
    void should_keep_unicode_unescaped_when_serialising_translated_body() {
        byte[] body = adapter.prepare(Calls.chat(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \ud83d\udc4b\"}]}"))).body();

        assertTrue(new String(body, StandardCharsets.UTF_8).contains("h\u00e9llo \ud83d\udc4b"));
    }

    private JsonNode sent(ObjectNode chat) {
        return Fixtures.tree(adapter.prepare(Calls.chat(chat)).body());
    }

    private static ObjectNode chat(String json) {
        return Fixtures.object(json);
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder("[");
        node.fieldNames().forEachRemaining(name -> names.append(names.length() > 1 ? "," : "").append('"').append(name).append('"'));
        return names.append(']').toString();
    }
}
