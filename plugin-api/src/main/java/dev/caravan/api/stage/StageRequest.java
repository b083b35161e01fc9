package dev.caravan.api.stage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link Stage} sees of one request (since plugin-api 0.1.4). A copy: changing it changes
 * nothing; say what should change in the {@link StageDecision}.
 *
 * @param traceId  the request's trace id ({@code x-caravan-trace-id})
 * @param endpoint the path called, e.g. {@code /v1/chat/completions}
 * @param tenantId the calling key's tenant
 * @param keyId    the calling key's id
 * @param keyName  the calling key's name
 * @param model    the {@code model} the client sent; null before the route's parse stage
 * @param alias    the resolved alias when the stage runs after {@code resolveAlias} (or another
 *                 stage chose one), else null
 * @param headers  the request headers the route sees, names in lower case, first value of each;
 *                 credentials ({@code Authorization}, {@code x-api-key}, cookies) are never among them
 * @param body     the parsed JSON body (a copy); null before the route's parse stage
 * @param metadata the request's metadata so far: the caller's {@code x-caravan-metadata} once
 *                 {@code resolveAlias} has run, plus what earlier stages set
 */
public record StageRequest(String traceId, String endpoint, String tenantId, String keyId, String keyName, String model,
        String alias, Map<String, String> headers, JsonNode body, Map<String, String> metadata) {

    public StageRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The header's value, whatever the case of {@code name}; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
