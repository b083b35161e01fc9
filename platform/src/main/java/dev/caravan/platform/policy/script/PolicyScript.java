package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.PolicyDecision;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Base class of every policy script: the DSL of docs/policies.md. The script body runs once when
 * the file is loaded and registers handlers; the handlers then run for each request:
 *
 * <pre>
 * beforeRequest { req -> req.metadata.team ? allow() : deny(403, 'missing_team', 'set x-caravan-metadata team') }
 * afterResponse { out -> log.info("cost ${out.costUsd}") }
 * </pre>
 *
 * Handlers run concurrently for many requests: state kept in script variables must be thread-safe.
 */
public abstract class PolicyScript extends SandboxedScript {

    private static final Set<String> MODIFY_KEYS = Set.of("alias", "maxTokens", "metadata", "note");

    private volatile Closure<?> before;
    private volatile Closure<?> after;

    /** Registers the handler called before routing with a {@link ScriptRequest}; it returns a decision. */
    public void beforeRequest(Closure<?> handler) {
        this.before = handler;
    }

    /** Registers the handler called once the request is finished, with a {@link ScriptOutcome}. */
    public void afterResponse(Closure<?> handler) {
        this.after = handler;
    }

    public PolicyDecision allow() {
        return PolicyDecision.allow(scriptId());
    }

    /** Allows the request with a note recorded in the receipt. */
    public PolicyDecision allow(String note) {
        return new PolicyDecision(PolicyDecision.Outcome.ALLOW, scriptId(), 0, null, note, null, null, null, null, null);
    }

    /** Refuses with 403 {@code policy_denied}. */
    public PolicyDecision deny(String message) {
        return deny(403, "policy_denied", message);
    }

    public PolicyDecision deny(int status, String code, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("deny(status, ...): status must be 400..599, got " + status);
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("deny(status, code, ...): code must not be empty");
        }
        return PolicyDecision.deny(scriptId(), status, code, message == null ? "Refused by policy " + scriptId() : message);
    }

    /**
     * Changes the request: {@code alias} (route elsewhere), {@code maxTokens} (cap the completion),
     * {@code metadata} (tags added to the request), {@code note} (for the receipt).
     */
    public Modification modify(Map<String, ?> changes) {
        for (String key : changes.keySet()) {
            if (!MODIFY_KEYS.contains(key)) {
                throw new IllegalArgumentException("modify(): unknown key '" + key + "' (allowed: alias, maxTokens, metadata, note)");
            }
        }
        Object alias = changes.get("alias");
        Object maxTokens = changes.get("maxTokens");
        Object metadata = changes.get("metadata");
        if (alias != null && (!(alias instanceof CharSequence) || alias.toString().isBlank())) {
            throw new IllegalArgumentException("modify(alias: ...) must be a non-empty string");
        }
        if (maxTokens != null && (!(maxTokens instanceof Number n) || n.longValue() < 1)) {
            throw new IllegalArgumentException("modify(maxTokens: ...) must be a positive number, got " + maxTokens);
        }
        if (metadata != null && !(metadata instanceof Map)) {
            throw new IllegalArgumentException("modify(metadata: ...) must be a map of tag to value");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (metadata != null) {
            ((Map<?, ?>) metadata).forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        }
        return new Modification(alias == null ? null : alias.toString(),
                maxTokens == null ? null : ((Number) maxTokens).longValue(), tags,
                changes.get("note") == null ? null : changes.get("note").toString());
    }

    Closure<?> beforeHandler() {
        return before;
    }

    Closure<?> afterHandler() {
        return after;
    }
}
