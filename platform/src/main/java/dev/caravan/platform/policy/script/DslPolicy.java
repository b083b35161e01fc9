package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import groovy.lang.Closure;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link PolicyScript} as a {@link RequestPolicy}: calls its handlers synchronously on the calling
 * thread (the {@link TimedScriptPolicy} around it supplies the thread and the time limit) and turns
 * what {@code beforeRequest} returned into a decision.
 */
final class DslPolicy implements RequestPolicy {

    /** Completion caps a canonical body may carry; {@code maxTokens} lowers each one present. */
    private static final List<String> CAPS = List.of("max_completion_tokens", "max_tokens", "max_output_tokens");

    private final String id;
    private final PolicyScript script;

    DslPolicy(String id, PolicyScript script) {
        this.id = id;
        this.script = script;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
        Closure<?> handler = script.beforeHandler();
        if (handler == null) {
            return CompletableFuture.completedFuture(PolicyDecision.allow(id));
        }
        Object result = handler.call(new ScriptRequest(request));
        return CompletableFuture.completedFuture(toDecision(result, request));
    }

    @Override
    public void afterResponse(PolicyOutcome outcome) {
        Closure<?> handler = script.afterHandler();
        if (handler != null) {
            handler.call(new ScriptOutcome(outcome));
        }
    }

    private PolicyDecision toDecision(Object result, PolicyRequest request) {
        if (result == null) {
            return PolicyDecision.allow(id);
        }
        if (result instanceof PolicyDecision decision) {
            return decision;
        }
        if (result instanceof Modification change) {
            return new PolicyDecision(PolicyDecision.Outcome.MODIFY, id, 0, null, change.note(), null,
                    change.alias(), capped(request.body(), change.maxTokens()), change.metadata(), null);
        }
        throw new IllegalStateException("beforeRequest returned " + result.getClass().getSimpleName()
                + "; return allow(), deny(...) or modify(...)");
    }

    /** A copy of {@code body} whose completion caps are at most {@code cap}; null when nothing changes. */
    static ObjectNode capped(ObjectNode body, Long cap) {
        if (cap == null || body == null) {
            return null;
        }
        ObjectNode copy = body.deepCopy();
        boolean any = false;
        boolean changed = false;
        for (String field : CAPS) {
            JsonNode value = copy.get(field);
            if (value != null && value.isNumber()) {
                any = true;
                if (value.asLong() > cap) {
                    copy.put(field, cap);
                    changed = true;
                }
            }
        }
        if (!any) {
            copy.put("max_tokens", cap);
            changed = true;
        }
        return changed ? copy : null;
    }
}
