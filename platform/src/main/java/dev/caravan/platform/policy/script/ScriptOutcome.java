package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.PolicyOutcome;
import java.math.BigDecimal;
import java.util.Map;

/** What a script's {@code afterResponse} handler sees once a request is finished. */
public final class ScriptOutcome {

    private final PolicyOutcome outcome;

    ScriptOutcome(PolicyOutcome outcome) {
        this.outcome = outcome;
    }

    public String getTraceId() {
        return outcome.context().traceId();
    }

    public String getTenant() {
        return outcome.context().tenantId();
    }

    public String getKey() {
        return outcome.context().keyName();
    }

    public String getModel() {
        return outcome.context().requestedModel();
    }

    public Map<String, String> getMetadata() {
        return outcome.context().metadata();
    }

    /** Final HTTP status sent to the client. */
    public int getStatus() {
        return outcome.status();
    }

    /** False when the client disconnected or the upstream failed mid-way. */
    public boolean isCompleted() {
        return outcome.completed();
    }

    public long getPromptTokens() {
        return outcome.usage() == null ? 0 : outcome.usage().promptTokens();
    }

    public long getCompletionTokens() {
        return outcome.usage() == null ? 0 : outcome.usage().completionTokens();
    }

    public long getTotalTokens() {
        return getPromptTokens() + getCompletionTokens();
    }

    /** Cost in USD, exact; null when the model has no price row. */
    public BigDecimal getCostUsd() {
        return outcome.cost() == null || !"USD".equals(outcome.cost().currency()) ? null : outcome.cost().amount();
    }

    /** This policy's own decision for the request: ALLOW or MODIFY. */
    public String getDecision() {
        return outcome.decision() == null ? null : outcome.decision().outcome().name();
    }
}
