package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpVersion;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code ingress}: trace id and request state for every request, and the body size limit. */
class IngressStageTest {

    private final StageExchanges exchanges = new StageExchanges();
    private final IngressStage ingress = new IngressStage(10);

    @AfterEach
    void release() {
        exchanges.close();
    }

    @Test
    void should_give_request_state_with_trace_id() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        ingress.process(exchange);

        RequestState state = RequestState.of(exchange);
        assertTrue(state.traceId().matches("[0-9a-f]{32}"), state.traceId());
    }

    @Test
    void should_give_each_request_its_own_trace_id() {
        Exchange first = exchanges.post("/v1/chat/completions", "{}");
        Exchange second = exchanges.post("/v1/chat/completions", "{}");

        ingress.process(first);
        ingress.process(second);

        assertNotEquals(RequestState.of(first).traceId(), RequestState.of(second).traceId());
    }

    @Test
    void should_record_endpoint_without_query_string() {
        Exchange exchange = exchanges.post("/v1/chat/completions?api-version=2024-01-01&x=1", "{}");

        ingress.process(exchange);

        assertEquals("/v1/chat/completions", RequestState.of(exchange).endpoint());
    }

    @Test
    void should_keep_alive_when_http_1_1_without_connection_header() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        ingress.process(exchange);

        assertTrue(RequestState.of(exchange).keepAlive());
    }

    @Test
    void should_not_keep_alive_when_client_sends_connection_close() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}", "connection", "close");

        ingress.process(exchange);

        assertFalse(RequestState.of(exchange).keepAlive());
    }

    @Test
    void should_not_keep_alive_when_http_1_0_without_keep_alive_header() {
        Exchange exchange = exchanges.exchange(HttpVersion.HTTP_1_0, "/v1/chat/completions", "{}");

        ingress.process(exchange);

        assertFalse(RequestState.of(exchange).keepAlive());
    }

    @Test
    void should_accept_body_when_exactly_at_limit() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "0123456789");

        ingress.process(exchange);

        assertNull(exchange.getException());
    }

    @Test
    void should_reject_413_when_body_over_limit() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "0123456789x");

        GatewayException e = assertThrows(GatewayException.class, () -> ingress.process(exchange));

        assertEquals(413, e.status());
        assertEquals("invalid_request_error", e.type());
        assertEquals("request_too_large", e.code());
        assertNull(e.param());
        assertEquals("Request body is 11 bytes; the limit is 10 bytes (server.max_body_bytes).", e.getMessage());
    }

    @Test
    void should_still_give_request_state_when_body_over_limit() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "0123456789x");

        assertThrows(GatewayException.class, () -> ingress.process(exchange));

        assertTrue(exchange.getProperty(RequestState.PROPERTY, RequestState.class).traceId().matches("[0-9a-f]{32}"),
                "the error response and receipt still need the trace id");
    }

    @Test
    void should_hand_out_the_netty_request_when_route_starts_from_netty_http() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        assertSame(exchange.getIn(NettyHttpMessage.class).getHttpRequest(),
                IngressStage.request(exchange));
    }

    @Test
    void should_fail_when_route_does_not_start_from_netty_http() {
        Exchange exchange = StageExchanges.plain();

        assertThrows(IllegalStateException.class, () -> ingress.process(exchange));
    }
}
