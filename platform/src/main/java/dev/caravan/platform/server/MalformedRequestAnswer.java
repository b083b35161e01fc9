package dev.caravan.platform.server;

import dev.caravan.platform.exchange.GatewayException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The answer to a request Netty could not decode because a header held a byte HTTP forbids (NUL, a
 * control character): Camel would answer an empty 400. A key header is the usual culprit and is
 * then missing from what was decoded, so such a request is a 401 {@code invalid_api_key} (Anthropic:
 * {@code authentication_error}) in the API's error shape with a trace id; when the key header was
 * decoded, another header was malformed: a 400 in the same shape. Head-size overflows
 * ({@link TooLongFrameException}) are left to Camel's handling. The connection is closed after the
 * answer: the rest of its bytes cannot be trusted.
 */
final class MalformedRequestAnswer {

    private MalformedRequestAnswer() {}

    /** True when it answered (the caller must not pass the request on). */
    static boolean answer(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isSuccess() || request.decoderResult().cause() instanceof TooLongFrameException) {
            return false;
        }
        boolean keyDecoded = request.headers().contains("authorization") || request.headers().contains("x-api-key");
        GatewayException error = keyDecoded
                ? GatewayException.badRequest(null, "A request header holds a character HTTP does not allow (e.g. NUL or a control character).")
                : GatewayException.unauthorized("Incorrect API key provided: the key header holds a character no key can have.");
        ShapedAnswer.write(ctx, request, error, true, java.util.Map.of());
        return true;
    }
}
