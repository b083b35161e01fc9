package dev.caravan.platform.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A client that starts a streamed chat completion over a raw socket and hangs up mid-stream. */
final class StreamDisconnect {

    private StreamDisconnect() {}

    /**
     * Posts {@code body} to {@code /v1/chat/completions} with the standard key, reads until
     * {@code events} data lines arrived, then closes the connection.
     *
     * @return the request's trace id
     */
    static String after(TestGateway gateway, String body, int events) {
        String traceId = null;
        try (Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int dataSeen = 0;
            while ((line = in.readLine()) != null && dataSeen < events) {
                if (line.toLowerCase().startsWith("x-caravan-trace-id:")) {
                    traceId = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("data: ")) {
                    dataSeen++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (traceId == null) {
            throw new AssertionError("the stream's head carried no x-caravan-trace-id");
        }
        return traceId;
    }
}
