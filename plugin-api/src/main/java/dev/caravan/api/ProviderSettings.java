package dev.caravan.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One configured provider ({@code providers[]} in the config), handed to its adapter.
 *
 * @param id       the operator's name for this provider (e.g. {@code openai}, {@code groq})
 * @param plugin   the adapter id that serves it
 * @param baseUrl  base URL of the upstream API, without a trailing slash
 * @param apiKey   credential; adapters put it on the wire and nowhere else
 * @param timeout  how long the platform waits for the whole upstream response (or, for streams,
 *                 for the first byte)
 * @param headers  extra headers the operator wants sent upstream
 * @param options  adapter-specific settings, as written in the config
 */
public record ProviderSettings(
        String id,
        String plugin,
        URI baseUrl,
        Secret apiKey,
        Duration timeout,
        Map<String, String> headers,
        JsonNode options) {

    public ProviderSettings {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
