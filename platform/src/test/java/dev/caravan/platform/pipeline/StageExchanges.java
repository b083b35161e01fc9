package dev.caravan.platform.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Exchanges shaped as camel-netty-http hands them to stages: the in-message is a
 * {@link NettyHttpMessage} around a Netty request. Releases every request it made and every
 * reference-counted body left on its exchanges when closed, so paranoid leak detection stays quiet.
 */
final class StageExchanges implements AutoCloseable {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final List<FullHttpRequest> requests = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();

    /** {@code POST uri} over HTTP/1.1 with a UTF-8 body and header name/value pairs. */
    Exchange post(String uri, String body, String... headers) {
        return exchange(HttpVersion.HTTP_1_1, uri, body, headers);
    }

    Exchange exchange(HttpVersion version, String uri, String body, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(version, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        requests.add(request);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setIn(new NettyHttpMessage(CAMEL, request, null));
        exchanges.add(exchange);
        return exchange;
    }

    /** An exchange whose in-message is a plain Camel message, as a route not from netty-http has. */
    static Exchange plain() {
        return new DefaultExchange(CAMEL);
    }

    /** An exchange whose request already passed {@code ingress}. */
    Exchange afterIngress(String body, String... headers) {
        Exchange exchange = post("/v1/chat/completions", body, headers);
        new IngressStage(1 << 20).process(exchange);
        return exchange;
    }

    /** The response a stage set as the body; released when this fixture closes. */
    static FullHttpResponse response(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof FullHttpResponse response) {
            return response;
        }
        throw new AssertionError("body is not a FullHttpResponse: " + body);
    }

    static String content(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Exchange exchange : exchanges) {
            if (exchange.getMessage().getBody() instanceof ReferenceCounted body && body.refCnt() > 0) {
                body.release(body.refCnt());
            }
        }
        for (FullHttpRequest request : requests) {
            if (request.refCnt() > 0) {
                request.release(request.refCnt());
            }
        }
    }
}
