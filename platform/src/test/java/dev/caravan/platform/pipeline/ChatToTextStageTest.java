package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.upstream.SseResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code chatToText}: a chat completion response → {@code {"<field>": text, "model", "usage"}}. */
class ChatToTextStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A gateway."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
            """;

    private final StageExchanges exchanges = new StageExchanges();
    private final ChatToTextStage stage = new ChatToTextStage(JSON);

    @AfterEach
    void release() {
        exchanges.close();
    }

    private static FullHttpResponse upstreamAnswer(String body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private Exchange answered(FullHttpResponse answer) {
        Exchange exchange = exchanges.afterIngress("{}");
        exchange.getMessage().setBody(answer);
        return exchange;
    }

    private static JsonNode json(Exchange exchange) throws Exception {
        return JSON.readTree(StageExchanges.content(StageExchanges.response(exchange)));
    }

    @Test
    void should_answer_text_model_and_usage_when_field_not_set() throws Exception {
        Exchange exchange = answered(upstreamAnswer(COMPLETION));

        stage.process(exchange);

        assertEquals(JSON.readTree("""
                {"text":"A gateway.","model":"gpt-4o-mini","usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
                """), json(exchange));
    }

    @Test
    void should_name_the_field_after_the_route_property() throws Exception {
        Exchange exchange = answered(upstreamAnswer(COMPLETION));
        exchange.setProperty(ChatToTextStage.RESULT_FIELD, "summary");

        stage.process(exchange);

        assertEquals("A gateway.", json(exchange).get("summary").asText());
    }

    @Test
    void should_answer_empty_text_when_completion_has_no_choices() throws Exception {
        Exchange exchange = answered(upstreamAnswer("{\"model\":\"m\",\"choices\":[]}"));

        stage.process(exchange);

        assertEquals("", json(exchange).get("text").asText());
    }

    @Test
    void should_answer_json_with_status_and_gateway_headers() throws Exception {
        Exchange exchange = answered(upstreamAnswer(COMPLETION));

        stage.process(exchange);

        FullHttpResponse response = StageExchanges.response(exchange);
        assertEquals(200, response.status().code());
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(RequestState.of(exchange).traceId(), response.headers().get(HttpResponses.TRACE_HEADER));
        assertEquals(String.valueOf(response.content().readableBytes()), response.headers().get("content-length"));
    }

    @Test
    void should_release_upstream_answer_when_replaced() throws Exception {
        FullHttpResponse answer = upstreamAnswer(COMPLETION);

        stage.process(answered(answer));

        assertEquals(0, answer.refCnt());
    }

    @Test
    void should_release_upstream_answer_when_it_is_not_json() {
        FullHttpResponse answer = upstreamAnswer("<html>bad gateway</html>");
        Exchange exchange = answered(answer);

        assertThrows(UncheckedIOException.class, () -> stage.process(exchange));

        assertEquals(0, answer.refCnt());
    }

    @Test
    void should_reject_naming_stream_when_answer_is_a_stream() {
        Exchange exchange = exchanges.afterIngress("{}");
        exchange.getMessage().setBody(new SseResponse(null, true)); // what callUpstream leaves for a stream

        GatewayException e = assertThrows(GatewayException.class, () -> stage.process(exchange));

        assertEquals(400, e.status());
        assertEquals("stream", e.param());
        assertEquals("This endpoint does not stream.", e.getMessage());
    }
}
