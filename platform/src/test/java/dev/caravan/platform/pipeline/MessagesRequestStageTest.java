package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.ApiFamily;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code parseMessages}: the rules of an Anthropic Messages request, each with its 400 naming the field. */
class MessagesRequestStageTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final StageExchanges exchanges = new StageExchanges();
    private final MessagesRequestStage stage = new MessagesRequestStage(new ObjectMapper());

    @AfterEach
    void release() {
        exchanges.close();
    }

    private RequestState parse(String body, String... headers) {
        Exchange exchange = exchanges.afterIngress(body, headers);
        stage.process(exchange);
        return RequestState.of(exchange);
    }

    private GatewayException rejected(String body, String... headers) {
        Exchange exchange = exchanges.afterIngress(body, headers);
        GatewayException e = assertThrows(GatewayException.class, () -> stage.process(exchange));
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void should_record_the_messages_family_model_and_stream_when_the_request_is_valid() {
        RequestState state = parse("{\"model\":\"fast\",\"max_tokens\":10,\"stream\":true," + MESSAGES + "}",
                "anthropic-version", "2023-06-01");

        assertEquals(ApiFamily.MESSAGES, state.family());
        assertEquals("fast", state.requestedModel());
        assertTrue(state.stream());
    }

    @Test
    void should_require_max_tokens() {
        GatewayException e = rejected("{\"model\":\"fast\"," + MESSAGES + "}");

        assertEquals("max_tokens", e.param());
        assertEquals("max_tokens: field required", e.getMessage());
    }

    @Test
    void should_refuse_a_role_other_than_user_or_assistant() {
        GatewayException e = rejected("{\"model\":\"fast\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}");

        assertEquals("messages.0.role", e.param());
    }

    @Test
    void should_refuse_a_content_block_without_a_type() {
        GatewayException e = rejected("{\"model\":\"fast\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}");

        assertEquals("messages.0.content.0", e.param());
    }

    @Test
    void should_require_an_input_schema_on_a_custom_tool() {
        GatewayException e = rejected("{\"model\":\"fast\",\"max_tokens\":10," + MESSAGES + ",\"tools\":[{\"name\":\"f\"}]}");

        assertEquals("tools.0.input_schema", e.param());
    }

    @Test
    void should_refuse_a_malformed_anthropic_version_header_naming_it() {
        GatewayException e = rejected("{\"model\":\"fast\",\"max_tokens\":10," + MESSAGES + "}", "anthropic-version", "v1");

        assertEquals("anthropic-version", e.param());
    }
}
