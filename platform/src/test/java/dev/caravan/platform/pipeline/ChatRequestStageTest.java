package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code parseChat}: each rule a chat request must meet, and the 400 that names the field. */
class ChatRequestStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final StageExchanges exchanges = new StageExchanges();
    private final ChatRequestStage stage = new ChatRequestStage(JSON);

    @AfterEach
    void release() {
        exchanges.close();
    }

    private RequestState parse(String body) {
        Exchange exchange = exchanges.afterIngress(body);
        stage.process(exchange);
        return RequestState.of(exchange);
    }

    private GatewayException rejected(String body) {
        Exchange exchange = exchanges.afterIngress(body);
        GatewayException e = assertThrows(GatewayException.class, () -> stage.process(exchange));
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
        return e;
    }

    @Test
    void should_record_body_model_and_stream_off_when_request_valid() {
        RequestState state = parse("{\"model\":\"fast\"," + MESSAGES + ",\"temperature\":0.2}");

        assertEquals("fast", state.requestedModel());
        assertFalse(state.stream());
        assertEquals(0.2, state.body().get("temperature").asDouble(), "other fields pass through");
    }

    @Test
    void should_record_stream_on_when_stream_true() {
        assertTrue(parse("{\"model\":\"fast\"," + MESSAGES + ",\"stream\":true}").stream());
    }

    @Test
    void should_record_stream_off_when_stream_null() {
        assertFalse(parse("{\"model\":\"fast\"," + MESSAGES + ",\"stream\":null}").stream());
    }

    @Test
    void should_reject_when_body_empty() {
        GatewayException e = rejected("");

        assertNull(e.param());
        assertEquals("The request body is empty; expected a JSON object.", e.getMessage());
    }

    @Test
    void should_reject_with_line_and_column_when_json_malformed() {
        GatewayException e = rejected("{\"model\":\"fast\",\n  \"messages\": [}");

        assertNull(e.param());
        assertTrue(e.getMessage().startsWith("We could not parse the JSON body of your request: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(line 2, column 16)."), e.getMessage());
    }

    @Test
    void should_reject_when_json_nested_deeper_than_parser_allows() {
        GatewayException e = rejected("{\"model\":\"fast\"," + MESSAGES + ",\"x\":" + "[".repeat(1_100) + "]".repeat(1_100) + "}");

        assertNull(e.param());
        assertTrue(e.getMessage().startsWith("We could not parse the JSON body of your request: "), e.getMessage());
    }

    @Test
    void should_reject_when_number_longer_than_parser_allows() {
        GatewayException e = rejected("{\"model\":\"fast\"," + MESSAGES + ",\"max_tokens\":" + "9".repeat(1_200) + "}");

        assertTrue(e.getMessage().startsWith("We could not parse the JSON body of your request: "), e.getMessage());
    }

    @Test
    void should_reject_when_body_only_whitespace() {
        assertEquals("The request body must be a JSON object.", rejected("   \n ").getMessage());
    }

    @Test
    void should_reject_when_body_is_json_array() {
        assertEquals("The request body must be a JSON object.", rejected("[{\"model\":\"fast\"}]").getMessage());
    }

    @Test
    void should_reject_naming_model_when_model_missing() {
        GatewayException e = rejected("{" + MESSAGES + "}");

        assertEquals("model", e.param());
        assertEquals("Missing required parameter: 'model'; you must provide a model parameter.", e.getMessage());
    }

    @Test
    void should_reject_naming_model_when_model_null() {
        assertEquals("model", rejected("{\"model\":null," + MESSAGES + "}").param());
    }

    @Test
    void should_reject_naming_model_when_model_not_a_string() {
        GatewayException e = rejected("{\"model\":42," + MESSAGES + "}");

        assertEquals("model", e.param());
        assertEquals("Invalid 'model': expected a non-empty string.", e.getMessage());
    }

    @Test
    void should_reject_naming_model_when_model_blank() {
        assertEquals("Invalid 'model': expected a non-empty string.", rejected("{\"model\":\"  \"," + MESSAGES + "}").getMessage());
    }

    @Test
    void should_reject_naming_messages_when_messages_missing() {
        GatewayException e = rejected("{\"model\":\"fast\"}");

        assertEquals("messages", e.param());
        assertEquals("Missing required parameter: 'messages'.", e.getMessage());
    }

    @Test
    void should_reject_naming_messages_when_messages_null() {
        assertEquals("Missing required parameter: 'messages'.", rejected("{\"model\":\"fast\",\"messages\":null}").getMessage());
    }

    @Test
    void should_reject_naming_messages_when_messages_not_an_array() {
        GatewayException e = rejected("{\"model\":\"fast\",\"messages\":{\"role\":\"user\"}}");

        assertEquals("messages", e.param());
        assertEquals("Invalid 'messages': expected a non-empty array of message objects.", e.getMessage());
    }

    @Test
    void should_reject_naming_messages_when_messages_empty() {
        assertEquals("messages", rejected("{\"model\":\"fast\",\"messages\":[]}").param());
    }

    @Test
    void should_reject_naming_the_index_when_a_message_is_not_an_object() {
        GatewayException e = rejected("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\"},\"hi\"]}");

        assertEquals("messages[1]", e.param());
        assertEquals("Invalid 'messages[1]': expected an object.", e.getMessage());
    }

    @Test
    void should_reject_naming_stream_when_stream_not_boolean() {
        GatewayException e = rejected("{\"model\":\"fast\"," + MESSAGES + ",\"stream\":\"yes\"}");

        assertEquals("stream", e.param());
        assertEquals("Invalid type for 'stream': expected a boolean, but got string.", e.getMessage());
    }

    @Test
    void should_use_prepared_body_instead_of_http_body_when_a_stage_left_one() throws Exception {
        ObjectNode prepared = (ObjectNode) JSON.readTree("{\"model\":\"smart\"," + MESSAGES + "}");
        Exchange exchange = exchanges.afterIngress("not json at all");
        exchange.setProperty(ChatRequestStage.PREPARED_BODY, prepared);

        stage.process(exchange);

        assertSame(prepared, RequestState.of(exchange).body());
        assertEquals("smart", RequestState.of(exchange).requestedModel());
    }

    @Test
    void should_leave_http_body_readable_when_parsed() {
        Exchange exchange = exchanges.afterIngress("{\"model\":\"fast\"," + MESSAGES + "}");

        stage.process(exchange);

        assertTrue(IngressStage.request(exchange).content().isReadable(), "later stages may read the body again");
    }

    @Test
    void should_fail_when_route_has_no_ingress_stage() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stage.process(exchange));

        assertEquals("route does not start with the 'ingress' stage", e.getMessage());
    }
}
