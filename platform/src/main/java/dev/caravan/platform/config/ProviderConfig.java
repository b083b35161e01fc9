package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code providers[]} — one upstream account.
 *
 * @param id      name used by alias targets
 * @param plugin  provider adapter id (e.g. {@code openai})
 * @param baseUrl upstream base URL, without trailing slash
 * @param apiKey  upstream credential (may be empty, e.g. for a local vLLM)
 * @param timeout whole-response timeout (first byte for streams); default 60 s
 * @param headers extra headers sent upstream
 * @param options adapter-specific options (object; empty object when absent)
 */
public record ProviderConfig(
        String id, String plugin, URI baseUrl, Secret apiKey, Duration timeout, Map<String, String> headers, JsonNode options) {

    public ProviderConfig {
        headers = Map.copyOf(headers);
    }
}
