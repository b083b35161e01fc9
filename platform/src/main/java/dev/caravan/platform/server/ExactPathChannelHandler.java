package dev.caravan.platform.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import dev.caravan.platform.exchange.GatewayException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.netty.http.NettyHttpConsumer;
import org.apache.camel.component.netty.http.handlers.HttpServerChannelHandler;
import org.apache.camel.component.netty.http.handlers.HttpServerMultiplexChannelHandler;

/**
 * Dispatches a request to the route consuming its exact path with a map lookup. Camel's
 * multiplexer matches every request against every consumer of the port (copying and splitting
 * strings for each), which cost the gateway a tenth of its allocation per request. The lookup
 * gives what Camel's matcher would (its first choice is the consumer whose path equals the
 * request's and whose method restriction allows it); anything else (a path template, a prefix
 * match, other letter case, an unusual character, OPTIONS, no or several consumers allowing the
 * method, a proxy consumer) goes to Camel's own matching, so behaviour is unchanged.
 */
@Sharable
final class ExactPathChannelHandler extends HttpServerMultiplexChannelHandler {

    /** The key Camel's multiplexer keeps a channel's handler under (for its content and exception callbacks). */
    private static final AttributeKey<HttpServerChannelHandler> SERVER_HANDLER = AttributeKey.valueOf("serverHandler");

    /** Set while the rest of a request answered here (its body) arrives: dropped, not passed to a route. */
    private static final AttributeKey<Boolean> DROPPING = AttributeKey.valueOf("caravanDropping");

    private final Map<String, List<HttpServerChannelHandler>> byPath = new ConcurrentHashMap<>();
    private final CanonicalRoutes canonical = new CanonicalRoutes();
    private volatile boolean anyProxy;

    @Override
    public void addConsumer(NettyHttpConsumer consumer) {
        super.addConsumer(consumer);
        if (consumer.getConfiguration().isHttpProxy()) {
            anyProxy = true; // a proxy consumer takes every request: leave them all to Camel
            return;
        }
        canonical.add(consumer, consumer.getConfiguration().getPath(), consumer.getEndpoint().getConfiguration().isMatchOnUriPrefix(),
                consumer.getEndpoint().getHttpMethodRestrict());
        // A prefix consumer is indexed by its own path too: Camel prefers an exact match, prefix or not.
        String path = key(consumer.getConfiguration().getPath());
        if (path != null) {
            byPath.compute(path, (p, handlers) -> {
                List<HttpServerChannelHandler> updated = handlers == null ? new ArrayList<>() : new ArrayList<>(handlers);
                updated.add(new HttpServerChannelHandler(consumer));
                return List.copyOf(updated);
            });
        }
    }

    @Override
    public void removeConsumer(NettyHttpConsumer consumer) {
        super.removeConsumer(consumer);
        canonical.remove(consumer);
        byPath.replaceAll((p, handlers) -> handlers.stream().filter(h -> h.getConsumer() != consumer).toList());
        byPath.values().removeIf(List::isEmpty);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest bad && MalformedRequestAnswer.answer(ctx, bad)) {
            return; // SimpleChannelInboundHandler releases msg
        }
        if (msg instanceof HttpRequest request && answeredUnrouted(ctx, request)) {
            return;
        }
        if (!(msg instanceof HttpRequest) && Boolean.TRUE.equals(ctx.channel().attr(DROPPING).get())) {
            if (msg instanceof LastHttpContent) {
                ctx.channel().attr(DROPPING).set(null);
            }
            return; // the body of a request already answered
        }
        HttpServerChannelHandler handler = msg instanceof HttpRequest request ? exact(request) : null;
        if (handler == null) {
            super.channelRead0(ctx, msg);
            return;
        }
        ctx.channel().attr(SERVER_HANDLER).set(handler);
        if (msg instanceof HttpContent content) {
            content.content().retain(); // as Camel does: the consumer's handler releases it
        }
        handler.channelRead(ctx, msg);
    }

    /**
     * Answers a request no route takes by its exact path (404) or method (405 with {@code Allow}),
     * in the API's error shape. OPTIONS and proxy set-ups are left to Camel.
     */
    private boolean answeredUnrouted(ChannelHandlerContext ctx, HttpRequest request) {
        if (anyProxy || request.method() == HttpMethod.OPTIONS) {
            return false;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String method = request.method().name();
        CanonicalRoutes.Verdict verdict = canonical.verdict(path, method);
        if (verdict == CanonicalRoutes.Verdict.ROUTED) {
            return false;
        }
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        boolean notFound = verdict == CanonicalRoutes.Verdict.NOT_FOUND;
        GatewayException error = notFound
                ? new GatewayException(404, "invalid_request_error", "unknown_url", null, "Invalid URL (" + method + " " + shown + ")")
                : new GatewayException(405, "invalid_request_error", "method_not_allowed", null,
                        "Method " + method + " is not allowed on " + shown + "; allowed: " + canonical.allowed(path));
        boolean bodyFollows = !(request instanceof FullHttpRequest);
        ctx.channel().attr(SERVER_HANDLER).set(null);
        if (bodyFollows) {
            ctx.channel().attr(DROPPING).set(Boolean.TRUE);
        }
        ShapedAnswer.write(ctx, request, error, bodyFollows, notFound ? Map.of() : Map.of("allow", canonical.allowed(path)));
        return true;
    }

    /** The route id the map lookup finds for {@code request}, or null when Camel's matching decides. */
    String exactRouteId(HttpRequest request) {
        HttpServerChannelHandler handler = exact(request);
        return handler == null ? null : handler.getConsumer().getRoute().getRouteId();
    }

    private HttpServerChannelHandler exact(HttpRequest request) {
        if (anyProxy || request.method() == HttpMethod.OPTIONS) {
            return null;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = key(query < 0 ? uri : uri.substring(0, query));
        List<HttpServerChannelHandler> handlers = path == null ? null : byPath.get(path);
        if (handlers == null) {
            return null;
        }
        HttpServerChannelHandler found = null;
        for (HttpServerChannelHandler handler : handlers) {
            if (allows(handler, request.method().name())) {
                if (found != null) {
                    return null;
                }
                found = handler;
            }
        }
        return found;
    }

    private static boolean allows(HttpServerChannelHandler handler, String method) {
        String restrict = handler.getConsumer().getEndpoint().getHttpMethodRestrict();
        return restrict == null || restrict.toUpperCase(Locale.ROOT).contains(method);
    }

    /** The path without a trailing slash, or null unless it is an absolute path of plain characters only. */
    private static String key(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '_' || c == '.';
            if (!plain) {
                return null;
            }
        }
        return path.substring(0, end);
    }
}
