package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;
import java.util.Map;

/**
 * The request bodies behind the views scripts get ({@link ScriptRequest}, {@link ScriptGuardInput},
 * {@link ScriptStageRequest}), kept out of those objects: Groovy reads private fields and calls
 * private methods by name, so a view that held the body (or the host request) would hand a script
 * the live, mutable request. Scripts cannot name this class (the sandbox allows only the view
 * classes). Weak keys: a body goes with its view.
 */
final class HeldBodies {

    private static final Cache<Object, JsonNode> BY_VIEW = Caffeine.newBuilder().weakKeys().build();

    private HeldBodies() {}

    static void hold(Object view, JsonNode body) {
        if (body != null) {
            BY_VIEW.put(view, body);
        }
    }

    /** A read-only copy of the body as maps and lists; null when there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Object view) {
        JsonNode body = BY_VIEW.getIfPresent(view);
        return body == null ? null : Collections.unmodifiableMap(ScriptJson.MAPPER.convertValue(body, Map.class));
    }
}
