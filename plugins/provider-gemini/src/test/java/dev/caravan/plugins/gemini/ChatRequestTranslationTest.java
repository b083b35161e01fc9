package dev.caravan.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.testkit.Fixtures;
import org.junit.jupiter.api.Test;

class ChatRequestTranslationTest {

    @Test
    void should_translate_a_whole_tool_conversation_when_all_mapped_fields_are_set() {
        ObjectNode translated = translate(Fixtures.json("chat-request-tools.json"));

        assertEquals(Fixtures.json("generate-content-request-tools.json"), translated);
    }

    @Test
    void should_leave_the_client_body_unchanged_when_translating() {
        ObjectNode body = Fixtures.json("chat-request-tools.json");

        translate(body);

        assertEquals(Fixtures.json("chat-request-tools.json"), body);
    }

    @Test
    void should_merge_consecutive_user_messages_into_one_content_when_roles_repeat() {
        ObjectNode translated = translate(Fixtures.body(
                "{'messages':[{'role':'user','content':'one'},{'role':'user','content':[{'type':'text','text':'two'}]}]}"));

        assertEquals(Fixtures.tree("[{\"role\":\"user\",\"parts\":[{\"text\":\"one\"},{\"text\":\"two\"}]}]"), translated.get("contents"));
    }

    @Test
    void should_send_assistant_text_as_model_content_when_replaying_history() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'},"
                + "{'role':'assistant','content':'Hello!'},{'role':'user','content':'Bye'}]}"));

        assertEquals("model", translated.path("contents").get(1).path("role").asText());
        assertEquals("Hello!", translated.path("contents").get(1).path("parts").get(0).path("text").asText());
        assertEquals(3, translated.path("contents").size());
    }

    @Test
    void should_refuse_messages_when_only_system_messages_are_sent() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'system','content':'Be brief.'}]}");

        assertEquals("messages", e.param());
    }

    @Test
    void should_refuse_the_tool_message_when_no_earlier_tool_call_has_its_id() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':'Hi'},"
                + "{'role':'tool','tool_call_id':'call_9','content':'42'}]}");

        assertEquals("messages[1].tool_call_id", e.param());
    }

    @Test
    void should_take_the_latest_tool_call_name_when_ids_repeat_across_turns() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'},"
                + "{'role':'assistant','tool_calls':[{'id':'call_0','type':'function','function':{'name':'first','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'call_0','content':'a'},"
                + "{'role':'assistant','tool_calls':[{'id':'call_0','type':'function','function':{'name':'second','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'call_0','content':'b'}]}"));

        assertEquals("second", translated.path("contents").get(4).path("parts").get(0).path("functionResponse").path("name").asText());
    }

    @Test
    void should_wrap_a_json_number_tool_result_as_result_when_it_is_not_an_object() {
        JsonNode response = toolResponse("42");

        assertEquals(Fixtures.tree("{\"result\":42}"), response);
    }

    @Test
    void should_wrap_text_that_starts_like_json_as_text_when_the_tool_result_is_not_json() {
        JsonNode response = toolResponse("42 apples");

        assertEquals(Fixtures.tree("{\"result\":\"42 apples\"}"), response);
    }

    @Test
    void should_refuse_tool_call_arguments_when_they_are_not_a_json_object() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':'Hi'},"
                + "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'[1,2'}}]}]}");

        assertEquals("messages[1].tool_calls[0].function.arguments", e.param());
    }

    @Test
    void should_add_the_documented_placeholder_signature_when_a_gemini_3_history_call_has_none() {
        ObjectNode translated = translate(toolHistory(), "gemini-3-pro-preview");

        JsonNode parts = translated.path("contents").get(1).path("parts");
        assertEquals(ThoughtSignatures.PLACEHOLDER, parts.get(0).path("thoughtSignature").asText());
        assertFalse(parts.get(1).has("thoughtSignature"), "only the first call of a turn carries the signature");
    }

    @Test
    void should_not_add_a_placeholder_signature_when_the_model_is_gemini_2() {
        ObjectNode translated = translate(toolHistory(), "gemini-2.5-flash");

        assertFalse(translated.path("contents").get(1).path("parts").get(0).has("thoughtSignature"));
    }

    @Test
    void should_map_required_tool_choice_to_any_when_a_call_is_forced() {
        assertEquals(Fixtures.tree("{\"mode\":\"ANY\"}"), callingConfig("'required'"));
    }

    @Test
    void should_map_none_tool_choice_to_none_when_calls_are_forbidden() {
        assertEquals(Fixtures.tree("{\"mode\":\"NONE\"}"), callingConfig("'none'"));
    }

    @Test
    void should_limit_any_to_the_named_function_when_tool_choice_names_one() {
        assertEquals(Fixtures.tree("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"),
                callingConfig("{'type':'function','function':{'name':'get_weather'}}"));
    }

    @Test
    void should_limit_any_to_the_listed_functions_when_allowed_tools_are_required() {
        assertEquals(Fixtures.tree("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"a\",\"b\"]}"),
                callingConfig("{'type':'allowed_tools','allowed_tools':{'mode':'required','tools':"
                        + "[{'type':'function','function':{'name':'a'}},{'type':'function','function':{'name':'b'}}]}}"));
    }

    @Test
    void should_refuse_allowed_tools_when_their_mode_is_auto() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':'Hi'}],'tool_choice':"
                + "{'type':'allowed_tools','allowed_tools':{'mode':'auto','tools':[{'type':'function','function':{'name':'a'}}]}}}");

        assertEquals("tool_choice.allowed_tools.mode", e.param());
    }

    @Test
    void should_refuse_a_tool_when_it_is_not_a_function() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':'Hi'}],'tools':[{'type':'custom','custom':{'name':'x'}}]}");

        assertEquals("tools[0].type", e.param());
    }

    @Test
    void should_ask_for_json_with_a_translated_schema_when_response_format_is_json_schema() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}],'response_format':"
                + "{'type':'json_schema','json_schema':{'name':'answer','strict':true,'schema':"
                + "{'type':'object','properties':{'answer':{'type':'string'}},'required':['answer'],'additionalProperties':false}}}}"));

        assertEquals(Fixtures.tree("{\"responseMimeType\":\"application/json\",\"responseSchema\":"
                + "{\"type\":\"OBJECT\",\"properties\":{\"answer\":{\"type\":\"STRING\"}},\"required\":[\"answer\"]}}"),
                translated.get("generationConfig"));
    }

    @Test
    void should_ask_for_json_without_schema_when_response_format_is_json_object() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}],'response_format':{'type':'json_object'}}"));

        assertEquals(Fixtures.tree("{\"responseMimeType\":\"application/json\"}"), translated.get("generationConfig"));
    }

    @Test
    void should_use_max_tokens_when_max_completion_tokens_is_absent() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}],'max_tokens':64,'stop':'\\n\\n'}"));

        assertEquals(Fixtures.tree("{\"maxOutputTokens\":64,\"stopSequences\":[\"\\n\\n\"]}"), translated.get("generationConfig"));
    }

    @Test
    void should_name_the_field_when_a_parameter_has_the_wrong_type() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':'Hi'}],'temperature':'hot'}");

        assertEquals("temperature", e.param());
        assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
    }

    @Test
    void should_refuse_logprobs_when_the_client_asks_for_them() {
        assertEquals("logprobs", refused("{'messages':[{'role':'user','content':'Hi'}],'logprobs':true}").param());
    }

    @Test
    void should_refuse_logit_bias_when_it_is_not_empty() {
        assertEquals("logit_bias", refused("{'messages':[{'role':'user','content':'Hi'}],'logit_bias':{'50256':-100}}").param());
    }

    @Test
    void should_refuse_audio_output_when_modalities_ask_for_audio() {
        assertEquals("modalities", refused("{'messages':[{'role':'user','content':'Hi'}],'modalities':['text','audio']}").param());
    }

    @Test
    void should_drop_openai_service_fields_when_they_do_not_change_the_answer() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}],'user':'u1','store':true,"
                + "'metadata':{'a':'b'},'service_tier':'auto','parallel_tool_calls':false,'logprobs':false,'stream_options':{'include_usage':true}}"));

        assertEquals(Fixtures.tree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}"), translated);
    }

    @Test
    void should_send_audio_inline_when_a_user_sends_input_audio() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':[{'type':'input_audio',"
                + "'input_audio':{'data':'UklGRg==','format':'wav'}}]}]}"));

        assertEquals(Fixtures.tree("{\"inlineData\":{\"mimeType\":\"audio/wav\",\"data\":\"UklGRg==\"}}"),
                translated.path("contents").get(0).path("parts").get(0));
    }

    @Test
    void should_send_a_pdf_inline_when_a_user_sends_file_data() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':[{'type':'file',"
                + "'file':{'filename':'a.pdf','file_data':'data:application/pdf;base64,JVBERi0='}}]}]}"));

        assertEquals(Fixtures.tree("{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBERi0=\"}}"),
                translated.path("contents").get(0).path("parts").get(0));
    }

    @Test
    void should_refuse_a_file_id_when_a_user_references_an_openai_file() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-abc'}}]}]}");

        assertEquals("messages[0].content[0].file.file_id", e.param());
    }

    @Test
    void should_refuse_an_image_when_its_data_url_is_not_base64() {
        UnsupportedRequestException e = refused("{'messages':[{'role':'user','content':[{'type':'image_url',"
                + "'image_url':{'url':'data:image/svg+xml,<svg/>'}}]}]}");

        assertEquals("messages[0].content[0].image_url.url", e.param());
    }

    @Test
    void should_send_file_data_without_mime_type_when_the_url_has_no_known_extension() {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':[{'type':'image_url',"
                + "'image_url':{'url':'https://example.com/render?id=7'}}]}]}"));

        assertEquals(Fixtures.tree("{\"fileData\":{\"fileUri\":\"https://example.com/render?id=7\"}}"),
                translated.path("contents").get(0).path("parts").get(0));
    }

    private static ObjectNode translate(ObjectNode body) {
        return translate(body, Calls.MODEL);
    }

    private static ObjectNode translate(ObjectNode body, String model) {
        return GenerateContentRequestBuilder.body(Calls.call(body, false, model));
    }

    private static UnsupportedRequestException refused(String singleQuotedBody) {
        return assertThrows(UnsupportedRequestException.class, () -> translate(Fixtures.body(singleQuotedBody)));
    }

    private static JsonNode toolResponse(String content) {
        ObjectNode body = Fixtures.body("{'messages':[{'role':'user','content':'Hi'},"
                + "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':''}}]}]}");
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("messages")).addObject()
                .put("role", "tool").put("tool_call_id", "c").put("content", content);
        return translate(body).path("contents").get(2).path("parts").get(0).path("functionResponse").path("response");
    }

    private static ObjectNode toolHistory() {
        return Fixtures.body("{'messages':[{'role':'user','content':'Weather in Lisbon and Paris?'},"
                + "{'role':'assistant','tool_calls':[{'id':'call_0','type':'function','function':{'name':'w','arguments':'{\\'city\\':\\'Lisbon\\'}'}},"
                + "{'id':'call_1','type':'function','function':{'name':'w','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'call_0','content':'sunny'},{'role':'tool','tool_call_id':'call_1','content':'rain'}]}");
    }

    private static JsonNode callingConfig(String singleQuotedChoice) {
        ObjectNode translated = translate(Fixtures.body("{'messages':[{'role':'user','content':'Hi'}],'tool_choice':" + singleQuotedChoice + "}"));
        return translated.path("toolConfig").path("functionCallingConfig");
    }
}
