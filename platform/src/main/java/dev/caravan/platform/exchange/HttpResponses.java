package dev.caravan.platform.exchange;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;

/**
 * Builds the gateway's responses as Netty responses, so Camel writes them as they are: only our
 * headers go out (request headers are never echoed back) and nothing is copied again.
 */
public final class HttpResponses {

    public static final String TRACE_HEADER = "x-caravan-trace-id";
    public static final String SERVED_BY_HEADER = "x-caravan-served-by";
    public static final String ATTEMPTS_HEADER = "x-caravan-attempts";
    private static final String JSON = "application/json";

    private HttpResponses() {}

    /** Sets {@code body} as the exchange's JSON response with the gateway's headers. */
    public static void json(Exchange exchange, int status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, JSON);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        if (state != null) {
            addGatewayHeaders(headers, state);
        }
        applyConnection(exchange, headers, state == null || state.keepAlive());
        exchange.getMessage().setBody(response);
    }

    /** Sets {@code body} as a non-JSON response (e.g. Prometheus text) with the gateway's headers. */
    public static void text(Exchange exchange, int status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        if (state != null) {
            addGatewayHeaders(response.headers(), state);
        }
        applyConnection(exchange, response.headers(), state == null || state.keepAlive());
        exchange.getMessage().setBody(response);
    }

    public static void addGatewayHeaders(HttpHeaders headers, RequestState state) {
        Map<String, String> ours = state.outcome().rateLimitHeaders();
        state.forwardedHeaders().forEach((name, value) -> {
            // The client's limits are the gateway's: when one applied, the upstream's account-wide
            // x-ratelimit-* would only mislead the client. An upstream retry-after still passes.
            if (ours.isEmpty() || !name.startsWith("x-ratelimit-")) {
                headers.set(name, value);
            }
        });
        StageChoices.responseHeaders(state).forEach(headers::set);
        ours.forEach(headers::set);
        headers.set(TRACE_HEADER, state.traceId());
        if (state.outcome().servedBy() != null) {
            headers.set(SERVED_BY_HEADER, state.outcome().servedBy());
        }
        if (!state.outcome().attempts().isEmpty()) {
            headers.setInt(ATTEMPTS_HEADER, state.outcome().upstreamTries());
        }
    }

    /** Keeps the connection open only when the client asked for it (HTTP/1.1 default). */
    private static void applyConnection(Exchange exchange, HttpHeaders headers, boolean keepAlive) {
        if (keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            exchange.setProperty(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE, true);
        }
    }
}
