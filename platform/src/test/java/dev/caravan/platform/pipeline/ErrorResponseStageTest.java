package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code errorResponse}: the failure that stopped a route → OpenAI error body, status and headers. */
class ErrorResponseStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ErrorResponseStage STAGE = new ErrorResponseStage();

    private final StageExchanges exchanges = new StageExchanges();

    @AfterEach
    void release() {
        exchanges.close();
    }

    private static FullHttpResponse failWith(Exchange exchange, Throwable cause) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        STAGE.process(exchange);
        return StageExchanges.response(exchange);
    }

    private static JsonNode error(FullHttpResponse response) throws Exception {
        return JSON.readTree(StageExchanges.content(response)).get("error");
    }

    @Test
    void should_answer_status_and_openai_body_of_gateway_exception() throws Exception {
        Exchange exchange = exchanges.afterIngress("{}");

        FullHttpResponse response = failWith(exchange, GatewayException.modelNotFound("gpt-5"));

        assertEquals(404, response.status().code());
        JsonNode error = error(response);
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("model_not_found", error.get("code").asText());
        assertEquals("model", error.get("param").asText());
    }

    @Test
    void should_record_failure_on_request_state_for_the_receipt() {
        Exchange exchange = exchanges.afterIngress("{}");

        failWith(exchange, GatewayException.badRequest("messages", "Missing required parameter: 'messages'."));

        RequestState state = RequestState.of(exchange);
        assertEquals(400, state.outcome().status());
        assertEquals("invalid_request_error", state.outcome().errorType());
        assertEquals("Missing required parameter: 'messages'.", state.toReceipt().errorMessage());
    }

    @Test
    void should_answer_upstream_body_unchanged_when_exception_passes_it_through() {
        byte[] upstream = "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Exchange exchange = exchanges.afterIngress("{}");

        FullHttpResponse response = failWith(exchange,
                new GatewayException(429, "requests", "rate_limit_exceeded", null, "slow down", upstream, null));

        assertEquals(429, response.status().code());
        assertArrayEquals(upstream, ByteBufUtil.getBytes(response.content()));
    }

    @Test
    void should_answer_500_naming_only_the_trace_when_failure_unexpected() throws Exception {
        Exchange exchange = exchanges.afterIngress("{}");
        String trace = RequestState.of(exchange).traceId();

        FullHttpResponse response = failWith(exchange, new NullPointerException("secret internal detail"));

        assertEquals(500, response.status().code());
        JsonNode error = error(response);
        assertEquals("api_error", error.get("type").asText());
        assertEquals("internal_error", error.get("code").asText());
        assertEquals("The gateway failed to process the request (trace " + trace + ").", error.get("message").asText());
        assertFalse(StageExchanges.content(response).contains("secret"));
    }

    @Test
    void should_answer_500_when_no_exception_recorded() {
        Exchange exchange = exchanges.afterIngress("{}");

        FullHttpResponse response = failWith(exchange, null);

        assertEquals(500, response.status().code());
    }

    @Test
    void should_answer_without_trace_header_when_failure_came_before_ingress() throws Exception {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        FullHttpResponse response = failWith(exchange, new IllegalStateException("route does not start with ingress"));

        assertEquals(500, response.status().code());
        assertEquals("The gateway failed to process the request (trace -).", error(response).get("message").asText());
        assertNull(response.headers().get(HttpResponses.TRACE_HEADER));
        assertEquals("keep-alive", response.headers().get("connection"));
    }

    @Test
    void should_set_trace_content_type_and_length_headers() {
        Exchange exchange = exchanges.afterIngress("{}");

        FullHttpResponse response = failWith(exchange, GatewayException.unauthorized("Incorrect API key provided."));

        assertEquals(RequestState.of(exchange).traceId(), response.headers().get(HttpResponses.TRACE_HEADER));
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(response.content().readableBytes(), response.headers().getInt("content-length"));
    }

    @Test
    void should_keep_connection_alive_when_client_keeps_it() {
        Exchange exchange = exchanges.afterIngress("{}");

        FullHttpResponse response = failWith(exchange, GatewayException.unauthorized("no"));

        assertEquals("keep-alive", response.headers().get("connection"));
        assertNull(exchange.getProperty(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE));
    }

    @Test
    void should_close_connection_after_answer_when_client_asked_to_close() {
        Exchange exchange = exchanges.afterIngress("{}", "connection", "close");

        FullHttpResponse response = failWith(exchange, GatewayException.unauthorized("no"));

        assertEquals("close", response.headers().get("connection"));
        assertEquals(Boolean.TRUE, exchange.getProperty(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE));
    }

    @Test
    void should_pass_upstream_rate_limit_headers_and_served_by_when_known() {
        Exchange exchange = exchanges.afterIngress("{}");
        RequestState state = RequestState.of(exchange);
        state.forwardedHeaders(Map.of("retry-after", "7", "x-ratelimit-remaining-requests", "0"));
        state.outcome().servedBy("openai/gpt-4o-mini");

        FullHttpResponse response = failWith(exchange, new GatewayException(429, "requests", "rate_limit_exceeded", null, "slow down"));

        assertEquals("7", response.headers().get("retry-after"));
        assertEquals("0", response.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("openai/gpt-4o-mini", response.headers().get(HttpResponses.SERVED_BY_HEADER));
    }

    @Test
    void should_not_echo_request_headers_in_answer() {
        Exchange exchange = exchanges.afterIngress("{}", "authorization", "Bearer sk-secret", "x-custom", "1");

        FullHttpResponse response = failWith(exchange, GatewayException.unauthorized("no"));

        assertTrue(response.headers().names().stream().noneMatch(n -> n.equalsIgnoreCase("authorization") || n.equalsIgnoreCase("x-custom")),
                response.headers().names().toString());
    }
}
