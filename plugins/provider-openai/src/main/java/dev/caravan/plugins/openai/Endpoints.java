package dev.caravan.plugins.openai;

import dev.caravan.api.ApiFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where each API family lives upstream.
 *
 * <ul>
 *   <li>OpenAI and compatible hosts: {@code {base_url}/chat/completions}, {@code /responses},
 *       {@code /embeddings}, {@code /images/generations}.</li>
 *   <li>Azure OpenAI: {@code {base_url}/openai/deployments/{deployment}/{path}?api-version=...};
 *       the Responses API is not served per deployment but by Azure's v1 API,
 *       {@code {base_url}/openai/v1/responses}, which takes the deployment as {@code model} and
 *       needs no {@code api-version}.</li>
 * </ul>
 */
final class Endpoints {

    private Endpoints() {}

    static URI uri(URI baseUrl, OpenAiOptions options, ApiFamily family, String model) {
        String base = trimSlashes(baseUrl.toString());
        if (!options.azure()) {
            return URI.create(base + path(family));
        }
        if (family == ApiFamily.RESPONSES) {
            return URI.create(base + "/openai/v1/responses");
        }
        String deployment = URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + "/openai/deployments/" + deployment + path(family) + "?api-version=" + options.apiVersion());
    }

    static String path(ApiFamily family) {
        return switch (family) {
            case CHAT_COMPLETIONS -> "/chat/completions";
            case RESPONSES -> "/responses";
            case EMBEDDINGS -> "/embeddings";
            case IMAGES -> "/images/generations";
            case MESSAGES -> throw new IllegalArgumentException("no OpenAI path for " + family);
        };
    }

    /** The family as a client knows it, for error messages. */
    static String describe(ApiFamily family) {
        return switch (family) {
            case CHAT_COMPLETIONS -> "chat completions";
            case RESPONSES -> "the Responses API";
            case EMBEDDINGS -> "embeddings";
            case IMAGES -> "image generation";
            case MESSAGES -> "Anthropic messages";
        };
    }

    private static String trimSlashes(String base) {
        String trimmed = base;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
