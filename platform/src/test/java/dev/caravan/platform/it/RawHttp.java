package dev.caravan.platform.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw socket to the gateway, for tests where the exact bytes on the wire matter. */
final class RawHttp implements AutoCloseable {

    /** One answer read off the socket: status, head, body. */
    record Answer(int status, String head, String body) {
        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
        }
    }

    private final Socket socket;
    private final InputStream in;

    RawHttp(URI base) {
        try {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection from {@code localAddress} (e.g. {@code 127.0.0.7}: every 127/8 address is this host), to test per-source behaviour. */
    RawHttp(URI base, String localAddress) {
        try {
            socket = new Socket();
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends, ignoring a reset: the gateway may have answered and closed already. */
    boolean trySend(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads one answer (head and a Content-Length or chunked body). */
    Answer read() {
        try {
            String head = readHead();
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase(Locale.ROOT);
            String body;
            int cl = lower.indexOf("\r\ncontent-length:");
            if (status == 204 || status == 304) {
                body = ""; // never a body (RFC 9110, 6.4.1)
            } else if (cl >= 0) {
                int end = lower.indexOf("\r\n", cl + 2);
                body = new String(in.readNBytes(Integer.parseInt(head.substring(cl + 17, end).trim())), StandardCharsets.UTF_8);
            } else if (lower.contains("transfer-encoding: chunked")) {
                body = readChunks();
            } else {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the head of one answer only, as a client does after a HEAD request. */
    Answer readHeadOnly() {
        try {
            String head = readHead();
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of head: " + head);
            }
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
    }

    private String readChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            int size = Integer.parseInt(line.split(";")[0].trim(), 16);
            if (size == 0) {
                readLine();
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** True when the gateway has closed the connection (end of stream or reset within 20 s). */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over with this socket either way
        }
    }
}
