package dev.caravan.platform.policy.script;

import dev.caravan.api.stage.StageDecision;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base class of every stage script ({@code policies/stages/*.groovy}), named in a route as
 * {@code - process: { ref: "script:<file name>" }}: the DSL of the "Custom stages" section of
 * docs/pipelines.md. The body runs once when the file is loaded and registers the handler, which then
 * runs for every request that reaches the step:
 *
 * <pre>
 * process { request ->
 *     if (request.header('x-team') == 'gold') {
 *         return proceed(alias: 'premium', metadata: [team: 'gold'], headers: ['x-team-routed': 'gold'])
 *     }
 *     // nothing returned: the request goes on unchanged
 * }
 * </pre>
 *
 * Handlers run concurrently for many requests: state kept in script variables must be thread-safe.
 */
public abstract class StageScript extends SandboxedScript {

    private volatile Closure<?> handler;

    /** Registers the handler: called with a {@link ScriptStageRequest}; returns {@code proceed(..)}, {@code reject(..)} or nothing. */
    public void process(Closure<?> stageHandler) {
        this.handler = stageHandler;
    }

    /** Go on unchanged. */
    public StageDecision proceed() {
        return StageDecision.proceed();
    }

    /**
     * Go on with changes: {@code alias} (an alias the key may use), {@code metadata} (a map),
     * {@code headers} (a map of response headers to add).
     */
    public StageDecision proceed(Map<String, Object> changes) {
        StageDecision decision = StageDecision.proceed();
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            Object value = change.getValue();
            switch (change.getKey()) {
                case "alias" -> decision = decision.withAlias(value == null ? null : value.toString());
                case "metadata" -> {
                    for (Map.Entry<String, String> entry : strings("metadata", value).entrySet()) {
                        decision = decision.withMetadata(entry.getKey(), entry.getValue());
                    }
                }
                case "headers" -> {
                    for (Map.Entry<String, String> entry : strings("headers", value).entrySet()) {
                        decision = decision.withHeader(entry.getKey(), entry.getValue());
                    }
                }
                default -> throw new IllegalArgumentException("proceed: unknown change '" + change.getKey()
                        + "'; use alias, metadata, headers");
            }
        }
        return decision;
    }

    /** Refuse the request with {@code status} (400..599) and a message for the caller. */
    public StageDecision reject(int status, String message) {
        return StageDecision.reject(status, null, message);
    }

    /** Refuse the request with {@code status}, an error {@code code} and a message for the caller. */
    public StageDecision reject(int status, String code, String message) {
        return StageDecision.reject(status, code, message);
    }

    Closure<?> handler() {
        return handler;
    }

    private static Map<String, String> strings(String what, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("proceed: " + what + " must be a map");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("proceed: " + what + " holds a null name or value");
            }
            strings.put(k.toString(), v.toString());
        });
        return strings;
    }
}
