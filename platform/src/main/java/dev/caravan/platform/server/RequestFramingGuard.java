package dev.caravan.platform.server;

import dev.caravan.platform.config.WireLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Refuses, right behind the decoder, every request whose framing two parsers could read two ways
 * (RFC 9112 section 6): a Transfer-Encoding other than exactly {@code chunked}, Transfer-Encoding
 * together with Content-Length, several or invalid Content-Length values, an unreadable request
 * line, head or chunk size, an HTTP/1.1 request without exactly one Host. Each gets 400 (414 and
 * 431 for a too long line or head) and the connection is closed, since where the next request
 * starts is unknown; nothing after it on the connection is read. An HTTP/1.0 request without Host
 * is valid and is given the listener's address as Host.
 */
final class RequestFramingGuard extends ChannelInboundHandlerAdapter {

    private final WireLimits limits;
    private final ConnectionClock clock;
    private boolean refused;
    private String path;

    RequestFramingGuard(WireLimits limits, ConnectionClock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (headerValueRefused(request) && MalformedRequestAnswer.answer(ctx, request)) {
                // A header value Netty refused (NUL, a control character), usually the key: a 401 or 400
                // in the API's shape, and the connection is closed after it.
                refused = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            path = request.decoderResult().isSuccess() ? WireErrors.pathOf(request.uri()) : null;
            String problem = problem(request);
            if (problem != null) {
                refuse(ctx, msg, request.decoderResult(), problem);
                return;
            }
            supplyHost(ctx, request);
            clock.headRead(path, msg instanceof LastHttpContent);
        } else if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                refuse(ctx, msg, content.decoderResult(), "The request body's chunked framing is invalid.");
                return;
            }
            if (msg instanceof LastHttpContent) {
                clock.bodyRead();
            }
        }
        super.channelRead(ctx, msg);
    }

    /**
     * The request line was read (Netty names an unreadable one {@code /bad-request}) but a header held
     * a character HTTP forbids.
     */
    private static boolean headerValueRefused(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        return cause != null && !(cause instanceof io.netty.handler.codec.TooLongFrameException)
                && (String.valueOf(cause.getMessage()).startsWith("Validation failed for header")
                        || String.valueOf(cause.getMessage()).contains("prohibited character"))
                && request.uri() != null && request.uri().startsWith("/") && !request.uri().equals("/bad-request");
    }

    /** Why the request's framing is refused, or null when it is sound. */
    private static String problem(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return "The request line or headers are malformed.";
        }
        HttpHeaders headers = request.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                return "Transfer-Encoding must be exactly 'chunked'.";
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "Transfer-Encoding and Content-Length must not both be sent.";
            }
        }
        if (headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1) {
            return "Content-Length must be sent once.";
        }
        int hosts = headers.getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1 || (hosts == 0 && !request.protocolVersion().equals(HttpVersion.HTTP_1_0))) {
            return "An HTTP/1.1 request must carry exactly one Host header.";
        }
        return null;
    }

    private static void supplyHost(ChannelHandlerContext ctx, HttpRequest request) {
        if (!request.headers().contains(HttpHeaderNames.HOST) && ctx.channel().localAddress() instanceof InetSocketAddress local) {
            request.headers().set(HttpHeaderNames.HOST, local.getHostString() + ":" + local.getPort());
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, DecoderResult result, String problem) {
        refused = true;
        ReferenceCountUtil.release(msg);
        Throwable cause = result.isFailure() ? result.cause() : null;
        if (cause instanceof TooLongHttpLineException) {
            WireErrors.refuse(ctx.channel(), 414, "request_line_too_long", null, "The request line is longer than "
                    + limits.maxRequestLineBytes() + " bytes (server.max_request_line_bytes).");
        } else if (cause instanceof TooLongHttpHeaderException) {
            WireErrors.refuse(ctx.channel(), 431, "headers_too_large", path, "The request headers are larger than "
                    + limits.maxHeaderBytes() + " bytes (server.max_header_bytes).");
        } else {
            WireErrors.refuse(ctx.channel(), 400, "invalid_request_framing", path, problem);
        }
    }
}
