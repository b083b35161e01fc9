package dev.caravan.platform.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Aggregates a request body (chunked or not) up to {@code server.max_body_bytes}. A body that
 * would pass the limit is answered 413 in the API's error shape, naming the setting, as soon as
 * that is known (from Content-Length, before any of the body is read, or at the chunk that passes
 * it). The rest of the body is read and discarded for at most {@link WireErrors#LINGER_MS} after a
 * half-close, so a client still sending reads the answer, then the connection is closed; nothing of
 * it is kept.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    private final long maxBodyBytes;

    BoundedBodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        String path = oversized instanceof HttpRequest request ? WireErrors.pathOf(request.uri()) : null;
        String length = oversized.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        String size = length == null ? "larger than " + maxBodyBytes + " bytes" : length + " bytes";
        WireErrors.refuse(ctx.channel(), 413, "request_too_large", path,
                "Request body is " + size + "; the limit is " + maxBodyBytes + " bytes (server.max_body_bytes).", true);
    }
}
