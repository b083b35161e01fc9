package dev.caravan.platform.server;

import dev.caravan.platform.config.CorsConfig;
import dev.caravan.platform.exchange.GatewayException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;

/**
 * CORS for browser clients ({@code cors:}), on the wire before any route: a preflight
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered here,
 * before authentication, since browsers send preflights without credentials: 204 with the
 * {@code Access-Control-*} headers when origin, method and headers are all allowed, else 403 in the
 * API's error shape naming what was refused, without CORS headers (as Spring's and Envoy's CORS
 * filters do; the browser then blocks the call). Every other answer of the connection (errors, 401s,
 * SSE streams) gets {@code Access-Control-Allow-Origin} when its request came from an allowed origin,
 * and {@code Vary: Origin} always. One per connection; Netty calls it on the channel's event loop only.
 */
final class CorsHandler extends ChannelDuplexHandler {

    /** More requests awaiting their answers than this on one connection closes it (pipelining abuse). */
    static final int MAX_PENDING = 256;
    private static final String NONE = "";

    private final CorsConfig config;
    /** The Access-Control-Allow-Origin value of each request awaiting its answer, in order; NONE for none. */
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean dropping;

    CorsHandler(CorsConfig config) {
        this.config = config;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            dropping = false;
            if (pending.size() >= MAX_PENDING) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && request.decoderResult().isSuccess() && preflight(request)) {
                pending.add(NONE); // the answer below carries its own headers
                answerPreflight(ctx, request, origin);
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            pending.add(origin != null && config.allowsOrigin(origin) ? allowOriginValue(origin) : NONE);
        } else if (dropping && msg instanceof HttpContent) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            String allow = pending.poll();
            HttpHeaders headers = response.headers();
            if (!headers.containsValue(HttpHeaderNames.VARY, "origin", true)) {
                headers.add(HttpHeaderNames.VARY, "Origin");
            }
            if (allow != null && !allow.equals(NONE)) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allow);
                if (config.allowCredentials()) {
                    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                }
                if (!config.exposeHeaders().isEmpty()) {
                    headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", config.exposeHeaders()));
                }
            }
        }
        ctx.write(msg, promise);
    }

    private static boolean preflight(HttpRequest request) {
        return request.method() == HttpMethod.OPTIONS && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private void answerPreflight(ChannelHandlerContext ctx, HttpRequest request, String origin) {
        String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).trim();
        String refused = refusal(origin, method, request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
        if (refused != null) {
            ShapedAnswer.write(ctx, request, new GatewayException(403, "invalid_request_error", "cors_refused", null,
                    "CORS preflight refused: " + refused), false, Map.of());
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOriginValue(origin))
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", config.allowedMethods()))
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, config.maxAgeSeconds())
                .set(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null && !asked.isBlank()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked.trim().toLowerCase(Locale.ROOT));
        }
        if (config.allowCredentials()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, "close");
        }
        // From the tail, like every other answer, so the handlers behind this one see it too.
        var written = ctx.channel().writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Why the preflight is refused, or null when origin, method and every asked header are allowed. */
    private String refusal(String origin, String method, String askedHeaders) {
        if (!config.allowsOrigin(origin)) {
            return "origin '" + shown(origin) + "' is not in cors.allowed_origins";
        }
        if (!config.allowedMethods().contains(method)) {
            return "method '" + shown(method) + "' is not in cors.allowed_methods";
        }
        if (askedHeaders != null) {
            for (String header : askedHeaders.split(",")) {
                String name = header.trim();
                if (!name.isEmpty() && !config.allowsHeader(name)) {
                    return "request header '" + shown(name) + "' is not in cors.allowed_headers";
                }
            }
        }
        return null;
    }

    /** {@code *} when any origin is allowed without credentials (cacheable for all); else the origin itself. */
    private String allowOriginValue(String origin) {
        return config.anyOrigin() && !config.allowCredentials() ? "*" : origin;
    }

    private static String shown(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }
}
