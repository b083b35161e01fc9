package dev.caravan.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.caravan.platform.config.CorsConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsHandlerTest {

    private static CorsConfig anyOrigin() {
        return new CorsConfig(true, List.of("*"), CorsConfig.DEFAULT_METHODS, CorsConfig.SDK_HEADERS, CorsConfig.DEFAULT_EXPOSE, false, 600);
    }

    @Test
    void should_answer_star_when_any_origin_is_allowed_without_credentials() {
        EmbeddedChannel channel = new EmbeddedChannel(new CorsHandler(anyOrigin()));
        DefaultFullHttpRequest preflight = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/v1/messages");
        preflight.headers().set("origin", "https://anything.example").set("access-control-request-method", "POST");

        channel.writeInbound(preflight);
        FullHttpResponse answer = channel.readOutbound();

        assertEquals(204, answer.status().code());
        assertEquals("*", answer.headers().get("access-control-allow-origin"));
        assertNull(answer.headers().get("access-control-allow-credentials"));
        answer.release();
    }

    @Test
    void should_add_allow_origin_to_an_answer_in_the_order_of_the_requests_when_two_are_pending() {
        CorsConfig config = new CorsConfig(true, List.of("https://a.example"), CorsConfig.DEFAULT_METHODS, CorsConfig.SDK_HEADERS,
                CorsConfig.DEFAULT_EXPOSE, false, 600);
        EmbeddedChannel channel = new EmbeddedChannel(new CorsHandler(config));
        DefaultFullHttpRequest first = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/models");
        first.headers().set("origin", "https://a.example");
        DefaultFullHttpRequest second = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/models");
        second.headers().set("origin", "https://b.example");
        channel.writeInbound(first, second);
        channel.readInbound();
        channel.readInbound();

        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        FullHttpResponse toFirst = channel.readOutbound();
        FullHttpResponse toSecond = channel.readOutbound();

        assertEquals("https://a.example", toFirst.headers().get("access-control-allow-origin"));
        assertNull(toSecond.headers().get("access-control-allow-origin"));
        channel.finishAndReleaseAll();
    }
}
