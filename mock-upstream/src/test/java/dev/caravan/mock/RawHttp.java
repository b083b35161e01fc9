package dev.caravan.mock;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Writes chat requests on a raw socket, for tests that must control or see the exact bytes. */
final class RawHttp {
  private RawHttp() {}

  static Socket connect(MockUpstream mock) throws IOException {
    Socket socket = new Socket("127.0.0.1", mock.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /**
   * @param version e.g. {@code HTTP/1.1}
   * @param headers extra header lines, each ending with CRLF
   */
  static void writeChat(Socket socket, String version, String headers, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/chat/completions " + version + "\r\nHost: localhost\r\n" + headers
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }
}
