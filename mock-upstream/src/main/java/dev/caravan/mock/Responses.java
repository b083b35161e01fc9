package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** Response heads with the headers OpenAI sends, and the right keep-alive signalling. */
final class Responses {
  private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream");

  private Responses() {}

  /**
   * A JSON response. For HTTP/1.0 the version is echoed so that {@code connection: keep-alive}
   * is sent when the client asked for it; for HTTP/1.1 {@code connection: close} when closing.
   */
  static FullHttpResponse json(HttpVersion version, int status, ByteBuf body, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }

  /** The head of a JSON response whose body of {@code length} bytes follows separately. */
  static HttpResponse jsonHead(HttpVersion version, int status, int length, boolean keepAlive) {
    HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }

  /**
   * The head of an SSE stream: chunked on HTTP/1.1; on HTTP/1.0, which has no chunked encoding,
   * the body is delimited by closing the connection.
   */
  static HttpResponse eventStream(HttpVersion version, boolean keepAlive) {
    return stream(version, keepAlive, EVENT_STREAM);
  }

  /** The head of a streamed body of the given content type (SSE, or Gemini's streamed JSON array). */
  static HttpResponse stream(HttpVersion version, boolean keepAlive, CharSequence contentType) {
    HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.OK);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    boolean chunked = version.equals(HttpVersion.HTTP_1_1);
    HttpUtil.setTransferEncodingChunked(response, chunked);
    HttpUtil.setKeepAlive(response, keepAlive && chunked);
    return response;
  }
}
