package dev.caravan.platform.upstream;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upstream response headers clients rely on and the gateway passes on: {@code retry-after}
 * (SDKs honour it when they retry), OpenAI's {@code x-ratelimit-*} family and the upstream's
 * {@code x-request-id} (what the provider's support asks for). Nothing else crosses over, so an
 * upstream cannot set cookies or caching rules on the gateway's responses.
 */
public final class ForwardedHeaders {

    private ForwardedHeaders() {}

    public static Map<String, String> select(HttpHeaders upstream) {
        Map<String, String> selected = new LinkedHashMap<>();
        upstream.map().forEach((name, values) -> {
            String lower = name.toLowerCase();
            if (!values.isEmpty() && (lower.equals("retry-after") || lower.equals("retry-after-ms")
                    || lower.equals("x-request-id") || lower.startsWith("x-ratelimit-"))) {
                selected.put(lower, values.get(0));
            }
        });
        return selected;
    }
}
