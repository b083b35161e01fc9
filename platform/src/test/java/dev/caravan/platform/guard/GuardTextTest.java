package dev.caravan.platform.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The text guardrails see, for each API family's request, answer and stream event (shapes from the providers' API references). */
class GuardTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void should_join_string_and_text_part_contents_when_reading_a_chat_request() throws Exception {
        JsonNode body = json("""
                {"model":"m","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""");

        assertEquals("Be brief.\nHi", GuardText.ofRequest(body));
    }

    @Test
    void should_include_the_system_prompt_when_reading_an_anthropic_request() throws Exception {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":64,"system":[{"type":"text","text":"You are terse."}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""");

        assertEquals("You are terse.\nHello", GuardText.ofRequest(body));
    }

    @Test
    void should_read_instructions_and_input_items_when_reading_a_responses_request() throws Exception {
        JsonNode body = json("""
                {"model":"gpt-4.1","instructions":"Answer in French.",
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Bonjour"}]}]}""");

        assertEquals("Answer in French.\nBonjour", GuardText.ofRequest(body));
    }

    @Test
    void should_read_and_mask_the_text_of_a_legacy_text_completion() throws Exception {
        JsonNode completion = json("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"call 555\",\"finish_reason\":\"stop\"}]}");

        assertEquals("call 555", GuardText.ofResponse(completion));
        assertEquals("call ***", GuardText.maskResponse((com.fasterxml.jackson.databind.node.ObjectNode) completion,
                t -> t.replace("555", "***")).at("/choices/0/text").asText());
        assertEquals("He", GuardText.ofStreamEvent(json("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"He\"}]}")));
    }

    @Test
    void should_read_the_answer_of_each_family_when_reading_a_complete_response() throws Exception {
        assertEquals("Hi!", GuardText.ofResponse(json("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"}}]}")));
        assertEquals("Hi!", GuardText.ofResponse(json("{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}]}")));
        assertEquals("Hi!", GuardText.ofResponse(json("{\"object\":\"response\",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi!\"}]}]}")));
    }

    @Test
    void should_read_the_text_delta_of_each_family_when_reading_a_stream_event() throws Exception {
        assertEquals("He", GuardText.ofStreamEvent(json("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"He\"}}]}")));
        assertEquals("He", GuardText.ofStreamEvent(json("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"He\"}}")));
        assertEquals("He", GuardText.ofStreamEvent(json("{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"He\"}")));
        assertEquals("", GuardText.ofStreamEvent(json("{\"type\":\"message_stop\"}")));
    }

    @Test
    void should_mask_the_texts_it_reads_and_nothing_else_when_masking_a_responses_request() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) json("""
                {"model":"gpt-4.1","instructions":"Say ok.","metadata":{"note":"ok"},
                 "input":[{"role":"user","content":[{"type":"input_text","text":"ok then"}]}]}""");

        JsonNode masked = GuardText.maskRequest(body, t -> t.replace("ok", "**"));

        assertEquals("Say **.\n** then", GuardText.ofRequest(masked));
        assertEquals("ok", masked.at("/metadata/note").asText());
        assertEquals("Say ok.\nok then", GuardText.ofRequest(body), "the original stays as it was");
    }

    @Test
    void should_mask_the_answer_text_when_masking_a_chat_response() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) json("""
                {"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"call 555"}}]}""");

        assertEquals("call ***", GuardText.maskResponse(body, t -> t.replace("555", "***")).at("/choices/0/message/content").asText());
    }
}
