package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig.OnError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admit stage calls for a script: runs the script's policy on the {@link ScriptRunner}
 * within the time limit and never lets a script failure escape as an exception. A failure or
 * timeout becomes a defined decision per {@code policies.on_error}: DENY (503 {@code policy_error}
 * naming the policy) or ALLOW (with a note for the receipt). The caller sees only that the policy
 * failed; the reason is logged once per request with the trace id.
 */
final class TimedScriptPolicy implements RequestPolicy {

    static final String QUARANTINED = "quarantined: an earlier call did not stop at its time limit";

    private static final Logger LOG = LoggerFactory.getLogger(TimedScriptPolicy.class);

    private final String id;
    private final String key;
    private final RequestPolicy script;
    private final ScriptRunner runner;
    private final OnError onError;

    TimedScriptPolicy(String id, RequestPolicy script, ScriptRunner runner, OnError onError) {
        this(id, null, script, runner, onError);
    }

    /** @param key this version of the script ({@code id@version}), quarantined by the runner if a call of it gets stuck */
    TimedScriptPolicy(String id, String key, RequestPolicy script, ScriptRunner runner, OnError onError) {
        this.key = key;
        this.id = id;
        this.script = script;
        this.runner = runner;
        this.onError = onError;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
        long timeoutMs = runner.timeout().toMillis();
        if (runner.quarantined(key)) {
            return CompletableFuture.completedFuture(failed(request.context().traceId(), new ScriptRunner.ScriptTimeoutException(QUARANTINED)));
        }
        return runner.call(key, () -> script.beforeRequest(request), runner.timeout())
                .thenCompose(stage -> stage.toCompletableFuture().orTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .thenApply(this::checked)
                .exceptionally(error -> failed(request.context().traceId(), error));
    }

    @Override
    public void afterResponse(PolicyOutcome outcome) {
        if (runner.quarantined(key)) {
            return;
        }
        runner.call(key, () -> {
            script.afterResponse(outcome);
            return null;
        }, runner.timeout()).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("trace {}: policy {} afterResponse failed: {}", outcome.context().traceId(), id, reason(error));
            }
        });
    }

    /** The decision as the admit stage may rely on it: named for this script and well-formed. */
    private PolicyDecision checked(PolicyDecision decision) {
        if (decision == null || decision.outcome() == null) {
            throw new IllegalStateException("beforeRequest returned no decision");
        }
        if (decision.outcome() == PolicyDecision.Outcome.DENY && (decision.status() < 400 || decision.status() > 599)) {
            throw new IllegalStateException("DENY with status " + decision.status() + " (must be 400..599)");
        }
        String message = decision.message();
        if (decision.outcome() == PolicyDecision.Outcome.DENY && (message == null || !message.contains("'" + id + "'"))) {
            // The caller's error names the policy, so whoever reads it knows which script to look at.
            message = (message == null ? "Refused" : message) + " (policy '" + id + "')";
        }
        return new PolicyDecision(decision.outcome(), id, decision.status(), decision.code(), message,
                decision.retryAfter(), decision.alias(), decision.body(), decision.metadata(), decision.reservation(), decision.notes(),
                decision.param());
    }

    private PolicyDecision failed(String traceId, Throwable error) {
        String reason = reason(error);
        LOG.warn("trace {}: policy {} failed ({}), request {}: {}", traceId, id, brief(error),
                onError == OnError.DENY ? "refused" : "admitted", reason);
        if (onError == OnError.ALLOW) {
            return new PolicyDecision(PolicyDecision.Outcome.ALLOW, id, 0, null,
                    "policy failed open: " + brief(error), null, null, null, null, null);
        }
        return PolicyDecision.deny(id, 503, "policy_error",
                "Policy '" + id + "' could not decide (" + brief(error) + "); the request was refused.");
    }

    private String brief(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ScriptRunner.ScriptTimeoutException) {
            return cause.getMessage();
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "timed out after " + runner.timeout().toMillis() + " ms";
        }
        return "script error";
    }

    private static String reason(Throwable error) {
        Throwable cause = unwrap(error);
        return ScriptErrors.describe(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
