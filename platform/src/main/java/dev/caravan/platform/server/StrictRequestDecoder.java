package dev.caravan.platform.server;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, except that a request with both Transfer-Encoding and Content-Length
 * keeps both headers: Netty drops Content-Length (RFC 9112 allows that), which would hide a
 * smuggling attempt from {@link RequestFramingGuard}, which refuses such a request (RFC 9112 6.3).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder(int maxRequestLineBytes, int maxHeaderBytes) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLineBytes)
                .setMaxHeaderSize(maxHeaderBytes)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // keep both: the guard answers 400
    }
}
