package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds {@code providers[]}: unique ids, absolute http(s) base URLs, valid header names. */
final class ProviderBinder {

    /** Ids show up in {@code x-caravan-served-by: provider/model}, so no slash or space. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String ID_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** 1 GiB: an answer read whole is held in memory, so the limit itself must fit in a heap. */
    static final long MAX_ANSWER_BYTES = 1L << 30;

    private ProviderBinder() {}

    static List<ProviderConfig> bind(ConfigNode root) {
        List<ProviderConfig> providers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode p : root.items("providers")) {
            p.allowOnly("id", "plugin", "base_url", "api_key", "timeout_ms", "headers", "options",
                    "max_response_bytes", "max_event_bytes");
            String id = p.requiredText("id").orElse("");
            if (!id.isEmpty() && !ID.matcher(id).matches()) {
                p.report("id", ID_RULE + ", got '" + id + "'");
            } else if (!id.isEmpty() && seen.putIfAbsent(id, p.pathOf("id")) != null) {
                p.report("id", "duplicate provider id '" + id + "' (also " + seen.get(id) + ")");
            }
            providers.add(new ProviderConfig(
                    id,
                    p.requiredText("plugin").orElse(""),
                    baseUrl(p),
                    p.secret("api_key").orElse(Secret.empty()),
                    Duration.ofMillis(ConfigValues.integer(p, "timeout_ms", 60_000, 1, 86_400_000)),
                    headers(p),
                    p.freeForm("options"),
                    ConfigValues.bytes(p, "max_response_bytes", ProviderConfig.DEFAULT_MAX_RESPONSE_BYTES, MAX_ANSWER_BYTES),
                    ConfigValues.bytes(p, "max_event_bytes", ProviderConfig.DEFAULT_MAX_EVENT_BYTES, MAX_ANSWER_BYTES)));
        }
        return providers;
    }

    private static URI baseUrl(ConfigNode p) {
        Optional<String> text = p.requiredText("base_url");
        if (text.isEmpty()) {
            return null;
        }
        String url = text.get().strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                p.report("base_url", "must be an absolute http(s) URL such as https://api.openai.com/v1, got '" + redact(uri) + "'");
            } else if (uri.getHost() == null) {
                p.report("base_url", "must name a host (letters, digits, '-' and '.'; no '_'), got '" + redact(uri) + "'");
            } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                p.report("base_url", "must not hold credentials, a query or a fragment; put credentials in api_key or headers");
            } else {
                return uri;
            }
        } catch (URISyntaxException e) {
            p.report("base_url", "must be an absolute http(s) URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        return null;
    }

    /** Header values are never quoted in messages: they often carry credentials. */
    private static Map<String, String> headers(ConfigNode p) {
        Map<String, String> headers = p.textMap("headers");
        headers.keySet().removeIf(name -> {
            boolean bad = !HEADER_NAME.matcher(name).matches();
            if (bad) {
                p.report("headers", "'" + name + "' is not a valid HTTP header name");
            }
            return bad;
        });
        headers.forEach((name, value) -> {
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                p.report("headers." + name, "must not contain line breaks or NUL (value hidden)");
            }
        });
        return headers;
    }

    /** The URL without user info or query, which may carry credentials. */
    private static String redact(URI uri) {
        String text = uri.toString();
        if (uri.getRawQuery() != null) {
            text = text.substring(0, text.indexOf('?')) + "?...";
        }
        return uri.getRawUserInfo() == null ? text : text.replace(uri.getRawUserInfo() + "@", "...@");
    }
}
