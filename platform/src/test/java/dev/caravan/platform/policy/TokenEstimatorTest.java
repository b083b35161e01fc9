package dev.caravan.platform.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TokenEstimator estimator = new TokenEstimator();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void should_add_message_overhead_and_reply_priming_to_the_text_tokens() throws Exception {
        // "Hello" is one o200k token: 4 (message) + 1 + 3 (priming) = 8
        assertEquals(8, estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
    }

    @Test
    void should_count_text_parts_and_charge_a_fixed_amount_per_image() throws Exception {
        long tokens = estimator.promptTokens(body("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Hello"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}"""));

        assertEquals(4 + 1 + TokenEstimator.PER_IMAGE + 3, tokens);
    }

    @Test
    void should_read_anthropic_system_and_responses_input_fields() throws Exception {
        long messages = estimator.promptTokens(body("""
                {"system":"Hello","messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}"""));
        long responses = estimator.promptTokens(body("{\"instructions\":\"Hello\",\"input\":\"Hello\"}"));

        assertEquals(1 + 4 + 1 + 3, messages);
        assertEquals(2, responses);
    }

    @Test
    void should_grow_with_the_text() throws Exception {
        long shortText = estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        long longText = estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "lorem ipsum ".repeat(500) + "\"}]}"));

        assertTrue(longText > shortText + 900, "long: " + longText);
    }

    @Test
    void should_take_the_requests_own_completion_cap_before_the_fallback() throws Exception {
        assertEquals(100, TokenEstimator.completionCap(body("{\"max_tokens\":100}"), 4096));
        assertEquals(50, TokenEstimator.completionCap(body("{\"max_completion_tokens\":50,\"max_tokens\":100}"), 4096));
        assertEquals(70, TokenEstimator.completionCap(body("{\"max_output_tokens\":70}"), 4096));
        assertEquals(4096, TokenEstimator.completionCap(body("{}"), 4096));
    }
}
