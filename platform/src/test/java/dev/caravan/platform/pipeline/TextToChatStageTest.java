package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code textToChat}: {@code {"model","text"}} plus the route's instruction → a chat request. */
class TextToChatStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTRUCTION = "Summarize in one sentence.";

    private final StageExchanges exchanges = new StageExchanges();
    private final TextToChatStage stage = new TextToChatStage(JSON);

    @AfterEach
    void release() {
        exchanges.close();
    }

    private Exchange request(String body) {
        Exchange exchange = exchanges.afterIngress(body);
        exchange.setProperty(TextToChatStage.INSTRUCTION, INSTRUCTION);
        return exchange;
    }

    private ObjectNode prepared(String body) {
        Exchange exchange = request(body);
        stage.process(exchange);
        return exchange.getProperty(ChatRequestStage.PREPARED_BODY, ObjectNode.class);
    }

    private GatewayException rejected(String body) {
        Exchange exchange = request(body);
        GatewayException e = assertThrows(GatewayException.class, () -> stage.process(exchange));
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void should_build_chat_request_with_instruction_as_system_message_and_text_as_user_message() throws Exception {
        ObjectNode chat = prepared("{\"model\":\"fast\",\"text\":\"Caravan is a gateway.\"}");

        assertEquals(JSON.readTree("""
                {"model":"fast","messages":[
                  {"role":"system","content":"Summarize in one sentence."},
                  {"role":"user","content":"Caravan is a gateway."}]}
                """), chat);
    }

    @Test
    void should_pass_max_tokens_and_temperature_through() {
        ObjectNode chat = prepared("{\"model\":\"fast\",\"text\":\"t\",\"max_tokens\":50,\"temperature\":0.1}");

        assertEquals(50, chat.get("max_tokens").asInt());
        assertEquals(0.1, chat.get("temperature").asDouble());
    }

    @Test
    void should_drop_other_fields_when_building_chat_request() {
        ObjectNode chat = prepared("{\"model\":\"fast\",\"text\":\"t\",\"stream\":true,\"tools\":[]}");

        assertFalse(chat.has("stream"));
        assertFalse(chat.has("tools"));
    }

    @Test
    void should_reject_naming_model_when_model_missing() {
        GatewayException e = rejected("{\"text\":\"t\"}");

        assertEquals("model", e.param());
        assertEquals("Missing required parameter: 'model'; name the alias to use.", e.getMessage());
    }

    @Test
    void should_reject_naming_text_when_text_missing() {
        GatewayException e = rejected("{\"model\":\"fast\"}");

        assertEquals("text", e.param());
        assertEquals("Missing required parameter: 'text'; send the text to work on.", e.getMessage());
    }

    @Test
    void should_reject_naming_text_when_text_not_a_string() {
        assertEquals("Invalid 'text': expected a non-empty string.", rejected("{\"model\":\"fast\",\"text\":[\"a\"]}").getMessage());
    }

    @Test
    void should_reject_when_body_not_json() {
        rejected("text=hello");
    }

    @Test
    void should_fail_as_route_error_when_route_sets_no_instruction() {
        Exchange exchange = exchanges.afterIngress("{\"model\":\"fast\",\"text\":\"t\"}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stage.process(exchange));

        assertEquals("route sets no 'caravan.instruction' property before textToChat", e.getMessage());
    }

    @Test
    void should_feed_chat_stage_when_followed_by_parse_chat() {
        Exchange exchange = request("{\"model\":\"fast\",\"text\":\"t\"}");

        stage.process(exchange);
        new ChatRequestStage(JSON).process(exchange);

        assertEquals("fast", RequestState.of(exchange).requestedModel());
        assertEquals(2, RequestState.of(exchange).body().get("messages").size());
    }
}
