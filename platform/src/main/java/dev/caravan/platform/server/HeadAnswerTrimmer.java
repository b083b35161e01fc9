package dev.caravan.platform.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Sends the answer to a {@code HEAD} request without its body. Camel's pipeline has a separate
 * request decoder and response encoder (not Netty's server codec, which pairs them), so the encoder
 * cannot know a request was {@code HEAD} and wrote the body too; the client, which reads no body
 * after a HEAD answer, then took those bytes for the next answer. The head keeps its
 * {@code Content-Length} (what a GET would get); a chunked answer (a stream) loses its
 * {@code Transfer-Encoding}, and the connection is closed after its head so the stream behind it
 * stops. One per connection, called on the channel's event loop only.
 */
final class HeadAnswerTrimmer extends ChannelDuplexHandler {

    /** One entry per request awaiting its answer: whether it was HEAD. */
    private final ArrayDeque<Boolean> pending = new ArrayDeque<>();
    /** Set after a streamed answer's head was sent for a HEAD: its content is dropped. */
    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            if (pending.size() >= CorsHandler.MAX_PENDING) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            pending.add(request.method() == HttpMethod.HEAD);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            dropping = false;
            if (Boolean.TRUE.equals(pending.poll())) {
                writeHeadOnly(ctx, response, promise);
                return;
            }
        } else if (dropping && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        ctx.write(msg, promise);
    }

    private void writeHeadOnly(ChannelHandlerContext ctx, HttpResponse response, ChannelPromise promise) {
        boolean complete = response instanceof LastHttpContent;
        FullHttpResponse head = new DefaultFullHttpResponse(response.protocolVersion(), response.status(), Unpooled.EMPTY_BUFFER);
        head.headers().set(response.headers());
        ReferenceCountUtil.release(response);
        if (head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true)) {
            head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        if (!complete) {
            dropping = true;
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.write(head, promise).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(head, promise);
    }
}
