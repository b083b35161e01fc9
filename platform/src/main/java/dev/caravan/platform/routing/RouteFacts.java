package dev.caravan.platform.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What routing decisions may look at: caller metadata ({@code x-caravan-metadata}), tenant, key
 * name, requested model and the request's top-level scalar parameters (e.g. {@code max_tokens}).
 */
public record RouteFacts(Map<String, String> metadata, String tenant, String key, String model, Map<String, Object> params) {

    public RouteFacts {
        metadata = Map.copyOf(metadata);
        params = Map.copyOf(params);
    }

    /** The variables a condition expression sees. */
    public Map<String, Object> variables() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("metadata", metadata);
        vars.put("tenant", tenant);
        vars.put("key", key);
        vars.put("model", model);
        vars.put("params", params);
        return vars;
    }

    /** The value a sticky load balancer hashes: {@code key}, {@code tenant} or {@code metadata.<field>}. */
    String stickyValue(String sticky) {
        if (sticky.equals("key")) {
            return key;
        }
        if (sticky.equals("tenant")) {
            return tenant;
        }
        return metadata.get(sticky.substring("metadata.".length()));
    }
}
