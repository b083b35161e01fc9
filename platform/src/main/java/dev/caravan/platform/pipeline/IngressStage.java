package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestHeaders;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.TraceIds;

import dev.caravan.platform.logging.RequestCapture;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.http.NettyHttpMessage;

/**
 * Stage {@code ingress}: the first step of every public route. Gives the request its trace id and
 * state, refuses bodies over {@code server.max_body_bytes} with 413, and maps the request headers
 * routes may read into the Camel message ({@link RequestHeaders}).
 */
public final class IngressStage implements Processor {

    private final long maxBodyBytes;
    private final RequestHeaders headers;

    public IngressStage(long maxBodyBytes) {
        this(maxBodyBytes, new RequestHeaders(java.util.List.of()));
    }

    public IngressStage(long maxBodyBytes, RequestHeaders headers) {
        this.maxBodyBytes = maxBodyBytes;
        this.headers = headers;
    }

    /** The request's path without its query, as an exchange property for route files. */
    public static final String PATH_PROPERTY = "caravanPath";

    @Override
    public void process(Exchange exchange) {
        FullHttpRequest request = request(exchange);
        String path = request.uri();
        int query = path.indexOf('?');
        RequestState state = new RequestState(TraceIds.next(), query < 0 ? path : path.substring(0, query),
                HttpUtil.isKeepAlive(request));
        exchange.setProperty(RequestState.PROPERTY, state);
        // For choices in route files (${exchangeProperty.caravanPath}); a property, so no producer reads it as its own target path.
        exchange.setProperty(PATH_PROPERTY, state.endpoint());
        long size = request.content().readableBytes();
        if (size > maxBodyBytes) {
            throw new GatewayException(413, "invalid_request_error", "request_too_large", null,
                    "Request body is " + size + " bytes; the limit is " + maxBodyBytes + " bytes (server.max_body_bytes).");
        }
        try {
            state.capture().readHeaders(request.headers());
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(null, "Invalid header '" + RequestCapture.DO_NOT_TRACK_HEADER + "': " + e.getMessage() + ".");
        }
        headers.map(request.headers(), exchange.getIn());
    }

    public static FullHttpRequest request(Exchange exchange) {
        if (exchange.getIn() instanceof NettyHttpMessage message) {
            return message.getHttpRequest();
        }
        throw new IllegalStateException("stage used on a route that does not start from netty-http");
    }
}
