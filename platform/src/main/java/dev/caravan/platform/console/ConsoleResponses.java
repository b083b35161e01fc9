package dev.caravan.platform.console;

import dev.caravan.platform.exchange.HttpResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;

/** Answers of the console's own paths, with the headers every console answer carries. */
final class ConsoleResponses {

    /** Scripts, styles and images from this origin only: nothing from a CDN, no inline script. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private ConsoleResponses() {}

    static void send(Exchange exchange, int status, String contentType, byte[] body, Map<String, String> headers) {
        HttpResponses.text(exchange, status, contentType, body);
        FullHttpResponse response = exchange.getMessage().getBody(FullHttpResponse.class);
        response.headers().set("content-security-policy", CSP);
        response.headers().set("x-content-type-options", "nosniff");
        response.headers().set("referrer-policy", "no-referrer");
        headers.forEach(response.headers()::set);
    }

    static void json(Exchange exchange, int status, String body, Map<String, String> headers) {
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8),
                with(headers, "cache-control", "no-store"));
    }

    static void redirect(Exchange exchange, String location, Map<String, String> headers) {
        send(exchange, 302, "text/plain; charset=utf-8", new byte[0],
                with(with(headers, "location", location), "cache-control", "no-store"));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }
}
