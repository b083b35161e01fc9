package dev.caravan.platform.server;

import dev.caravan.platform.pipeline.AnthropicErrorBody;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.pipeline.OpenAiErrorBody;
import dev.caravan.platform.exchange.TraceIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * An error written straight to the channel, before any route runs, in the error shape of the API the
 * client speaks: Anthropic's on {@code /v1/messages} paths or when the request carries
 * {@code anthropic-version} or {@code x-api-key}, OpenAI's otherwise; always with a trace id.
 */
final class ShapedAnswer {

    private ShapedAnswer() {}

    static boolean anthropicClient(HttpRequest request) {
        return request.uri().startsWith("/v1/messages") || request.headers().contains("anthropic-version")
                || request.headers().contains("x-api-key");
    }

    /** Writes the error; closes the connection when {@code close} or when the client asked for it. */
    static void write(ChannelHandlerContext ctx, HttpRequest request, GatewayException error, boolean close,
            Map<String, String> headers) {
        byte[] body = anthropicClient(request) ? AnthropicErrorBody.render(error) : OpenAiErrorBody.render(error);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("x-caravan-trace-id", TraceIds.next());
        headers.forEach(response.headers()::set);
        boolean closing = close || !HttpUtil.isKeepAlive(request);
        if (closing) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        // From the channel's tail: a handler in front of the HTTP encoder may call this too.
        var written = ctx.channel().writeAndFlush(response);
        if (closing) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
