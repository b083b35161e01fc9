package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import dev.caravan.api.provider.UpstreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's {@code anthropic-beta} header on {@code /v1/messages}: read and checked once
 * ({@link #parse}), then merged into the upstream request of a native Messages call
 * ({@link #merge}) after the operator's betas, which come first, without duplicates. Only beta names
 * as Anthropic spells them pass ({@code [a-z0-9-]+}), and only a bounded number of bounded length,
 * so a client cannot smuggle other headers or bloat the upstream request.
 */
public final class AnthropicBetaHeader {

    public static final String NAME = "anthropic-beta";
    static final int MAX_BETAS = 16;
    static final int MAX_LENGTH = 64;
    private static final Pattern BETA = Pattern.compile("[a-z0-9-]+");

    private AnthropicBetaHeader() {
    }

    /** The betas of a header value ({@code null}: none); a malformed value is a 400 naming the header. */
    public static List<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        Set<String> betas = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String beta = part.trim();
            if (beta.length() > MAX_LENGTH || !BETA.matcher(beta).matches()) {
                throw GatewayException.badRequest(NAME, NAME + ": invalid header value; expected beta names such as "
                        + "prompt-caching-2024-07-31 (lower-case letters, digits and '-', at most " + MAX_LENGTH
                        + " characters each), separated by commas.");
            }
            betas.add(beta);
        }
        if (betas.size() > MAX_BETAS) {
            throw GatewayException.badRequest(NAME, NAME + ": at most " + MAX_BETAS + " betas, got " + betas.size() + ".");
        }
        return List.copyOf(betas);
    }

    /** {@code request} with the client's betas appended to the operator's ones it already carries. */
    public static UpstreamRequest merge(UpstreamRequest request, List<String> clientBetas) {
        if (clientBetas.isEmpty()) {
            return request;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Set<String> betas = new LinkedHashSet<>();
        request.headers().forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).equals(NAME)) {
                for (String beta : value.split(",")) {
                    if (!beta.isBlank()) {
                        betas.add(beta.trim());
                    }
                }
            } else {
                headers.put(name, value);
            }
        });
        betas.addAll(clientBetas);
        headers.put(NAME, String.join(",", new ArrayList<>(betas)));
        return new UpstreamRequest(request.method(), request.uri(), headers, request.body());
    }
}
