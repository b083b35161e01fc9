package dev.caravan.platform.console;

import dev.caravan.platform.pipeline.IngressStage;
import java.time.Duration;
import org.apache.camel.Exchange;

/** Reads and writes the console's session cookie: HttpOnly, SameSite=Strict, path /. */
final class ConsoleCookies {

    private ConsoleCookies() {}

    /** The session id the request carries, or null. */
    static String sessionId(Exchange exchange) {
        String header = IngressStage.request(exchange).headers().get("cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String pair = part.trim();
            if (pair.startsWith(ConsoleSessions.COOKIE + "=")) {
                return pair.substring(ConsoleSessions.COOKIE.length() + 1);
            }
        }
        return null;
    }

    static String set(String id, Duration ttl, boolean secure) {
        return ConsoleSessions.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + ttl.toSeconds()
                + (secure ? "; Secure" : "");
    }

    static String cleared() {
        return ConsoleSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** Behind TLS (directly or as a proxy says): then the cookie is marked Secure. */
    static boolean secure(Exchange exchange) {
        String proto = IngressStage.request(exchange).headers().get("x-forwarded-proto");
        return "https".equalsIgnoreCase(proto);
    }
}
