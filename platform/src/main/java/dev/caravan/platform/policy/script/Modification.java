package dev.caravan.platform.policy.script;

import java.util.Map;

/**
 * What a script's {@code modify(...)} asked for; turned into a MODIFY decision against the request
 * it answers (a capped {@code maxTokens} needs that request's body).
 */
public record Modification(String alias, Long maxTokens, Map<String, String> metadata, String note) {

    public Modification {
        metadata = Map.copyOf(metadata);
    }
}
