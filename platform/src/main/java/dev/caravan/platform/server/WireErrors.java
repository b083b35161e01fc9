package dev.caravan.platform.server;

import dev.caravan.platform.pipeline.AnthropicErrorBody;
import dev.caravan.platform.pipeline.OpenAiErrorBody;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Answers a request the wire handlers refuse (broken framing, too large, too slow) before any route
 * sees it: the error body of the API the path belongs to (Anthropic's on {@code /v1/messages},
 * OpenAI's elsewhere), {@code Connection: close}, and the connection closed once it is written.
 */
final class WireErrors {

    private WireErrors() {}

    /** How long a refused body may keep arriving (and be discarded) before the connection is closed. */
    static final long LINGER_MS = 2000;

    static void refuse(Channel channel, int status, String code, String path, String message) {
        refuse(channel, status, code, path, message, false);
    }

    /**
     * With {@code linger}, the answer is followed by a half-close and the connection stays open for
     * reading (what arrives is discarded) up to {@link #LINGER_MS}: a client still sending a body it
     * was refused (413) then reads the answer instead of a reset.
     */
    static void refuse(Channel channel, int status, String code, String path, String message, boolean linger) {
        byte[] body = path != null && path.startsWith("/v1/messages")
                ? AnthropicErrorBody.render(anthropicType(status), message)
                : OpenAiErrorBody.render("invalid_request_error", code, null, message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // From the tail: the response encoder sits behind the inbound handlers that call this.
        if (linger && channel instanceof io.netty.channel.socket.SocketChannel socket) {
            channel.writeAndFlush(response).addListener(written -> {
                socket.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), LINGER_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            });
            return;
        }
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 413 -> "request_too_large";
            case 408 -> "timeout_error";
            default -> "invalid_request_error";
        };
    }

    /** The path of a request target, without the query; null when there is none. */
    static String pathOf(String uri) {
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
