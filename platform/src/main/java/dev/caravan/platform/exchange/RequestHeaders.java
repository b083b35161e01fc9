package dev.caravan.platform.exchange;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Message;

/**
 * Which request headers a route sees as Camel message headers ({@code ${header.x-team}} in
 * {@code choice}, {@code log}, {@code setProperty} …). Credentials are never mapped, nor the headers
 * the operator lists in {@code routes.unmapped_headers}, nor the body's framing headers, nor names Camel reserves for itself
 * ({@code Camel*}, {@code org.apache.camel*}), which a client must not be able to set. Names are
 * case-insensitive, as in HTTP and in Camel's header map. Mapped headers are never written back
 * to the client: see {@link ResponseHeaderFilter}.
 */
public final class RequestHeaders {

    /** Never mapped, whatever the config says: they carry credentials. */
    public static final List<String> CREDENTIALS = List.of("authorization", "x-api-key", "cookie", "proxy-authorization");

    /**
     * Not mapped either: they describe the HTTP body and connection, not the request, and Camel
     * would read them back (a plain body a route sets would get the request's Content-Type).
     */
    static final List<String> FRAMING = List.of("content-length", "content-type", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade");

    private final Set<String> unmapped;

    /** @param operatorList lower-case names from {@code routes.unmapped_headers} */
    public RequestHeaders(Collection<String> operatorList) {
        Set<String> names = new HashSet<>(CREDENTIALS);
        names.addAll(FRAMING);
        operatorList.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        this.unmapped = Set.copyOf(names);
    }

    /** Copies the mappable headers of {@code from} into {@code to}; a repeated header keeps its first value. */
    public void map(HttpHeaders from, Message to) {
        Iterator<Map.Entry<String, String>> it = from.iteratorAsString();
        while (it.hasNext()) {
            Map.Entry<String, String> header = it.next();
            String name = header.getKey();
            if (mappable(name) && to.getHeader(name) == null) {
                to.setHeader(name, header.getValue());
            }
        }
    }

    /** Whether a client-sent name (header or query parameter) may become a message header. */
    public boolean mappable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !unmapped.contains(lower) && !lower.startsWith("camel") && !lower.startsWith("org.apache.camel");
    }
}
