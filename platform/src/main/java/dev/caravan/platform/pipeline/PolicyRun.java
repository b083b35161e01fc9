package dev.caravan.platform.pipeline;

import dev.caravan.platform.policy.AdmittedPolicies;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.AdmitConfig;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.policy.TokenEstimator;
import dev.caravan.platform.storage.Receipt;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's walk through its policy chain: each policy's {@code beforeRequest} runs on the
 * policy executor (so a policy that blocks cannot stall a pipeline thread) under its time budget,
 * and the next policy starts when the previous one has answered. The route continues on the policy
 * executor once the last policy allowed.
 */
final class PolicyRun {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRun.class);

    /** @param aliases finds a configured alias by name */
    record Settings(AdmitConfig config, Function<String, Optional<ModelAlias>> aliases, TokenEstimator estimator, Executor executor) {}

    private final Exchange exchange;
    private final RequestState state;
    private final List<RequestPolicy> policies;
    private final AsyncCallback callback;
    private final Settings settings;
    private TokenEstimator.Estimate estimate; // counted once, again only when a policy replaces the body or the alias

    PolicyRun(Exchange exchange, RequestState state, List<RequestPolicy> policies, AsyncCallback callback, Settings settings) {
        this.exchange = exchange;
        this.state = state;
        this.policies = policies;
        this.callback = callback;
        this.settings = settings;
    }

    void start() {
        ask(0);
    }

    private void ask(int index) {
        if (index == policies.size()) {
            callback.done(false);
            return;
        }
        RequestPolicy policy = policies.get(index);
        try {
            PolicyRequest request = request();
            settings.executor().execute(() -> decide(index, policy, request));
        } catch (RuntimeException e) { // the executor refused: overloaded
            fail(unavailable(policy, "policy_failed", "could not be run: the gateway is overloaded"));
        }
    }

    /**
     * Runs {@code beforeRequest} on a policy thread ({@link TimedDecision}). The time budget starts
     * here, when the policy starts deciding, not when the request was queued for a policy thread:
     * waiting for a thread of a busy gateway is not the policy's slowness, and counting it turned
     * budget refusals in a burst into 503 {@code policy_timeout}. The wait is bounded by the
     * executor's queue.
     */
    private void decide(int index, RequestPolicy policy, PolicyRequest request) {
        CompletableFuture<PolicyDecision> answer = new CompletableFuture<>();
        TimedDecision.run(policy, request, settings.config().policyTimeout().toMillis(), answer,
                (decision, error) -> decided(index, policy, answer, decision, error), settings.executor());
    }

    private void decided(int index, RequestPolicy policy, CompletableFuture<PolicyDecision> answer, PolicyDecision decision, Throwable error) {
        try {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                releaseLateAnswer(policy, answer);
                fail(unavailable(policy, "policy_timeout", "did not answer within "
                        + settings.config().policyTimeout().toMillis() + " ms (admit.policy_timeout_ms)"));
            } else if (cause != null || decision == null) {
                LOG.error("trace {}: policy '{}' failed in beforeRequest", state.traceId(), policy.id(), cause);
                fail(unavailable(policy, "policy_failed", "failed (trace " + state.traceId() + ")"));
            } else if (decision.outcome() == PolicyDecision.Outcome.DENY) {
                note(policy, decision, "deny");
                fail(denial(policy, decision));
            } else {
                state.attachedOrNew(ADMITTED, AdmittedPolicies::new).add(policy, decision);
                note(policy, decision, decision.outcome().name().toLowerCase(Locale.ROOT));
                if (decision.outcome() == PolicyDecision.Outcome.MODIFY) {
                    apply(policy, decision);
                }
                ask(index + 1);
            }
        } catch (GatewayException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.error("trace {}: admitting the request failed at policy '{}'", state.traceId(), policy.id(), e);
            fail(unavailable(policy, "policy_failed", "failed (trace " + state.traceId() + ")"));
        }
    }

    private PolicyRequest request() {
        if (estimate == null) {
            // Images cost what the models the alias can reach bill for them (ImageTokens).
            List<String> models = dev.caravan.platform.budget.ReachableTargets.of(settings.aliases(), state.alias().alias()).stream()
                    .map(dev.caravan.platform.config.TargetConfig::model).toList();
            estimate = settings.estimator().estimate(state.body(), dev.caravan.platform.policy.ImageTokens.forModels(models));
        }
        // Every one of n (or best_of) choices may use the whole cap, and the provider bills them all.
        long cap = Math.multiplyExact(TokenEstimator.completionCap(state.body(), settings.config().defaultCompletionTokens()),
                TokenEstimator.choices(state.body()));
        return new PolicyRequest(state.context(), state.alias().alias(), state.body().deepCopy(), estimate.tokens(), cap,
                estimate.unestimable());
    }

    /** MODIFY: another alias (one the key may use), another body, more metadata. */
    private void apply(RequestPolicy policy, PolicyDecision decision) {
        if (decision.alias() != null && !decision.alias().equals(state.alias().alias())) {
            ModelAlias alias = settings.aliases().apply(decision.alias())
                    .filter(a -> state.key().mayUse(a.alias()))
                    .orElseThrow(() -> unavailable(policy, "policy_failed",
                            "routed the request to alias '" + decision.alias() + "', which this key may not use"));
            state.alias(alias);
            state.route(null); // the policy's choice wins over a saved route
            estimate = null; // images are charged by the models the alias reaches
        }
        if (decision.body() != null) {
            state.body(decision.body().deepCopy());
            state.stream(decision.body().path("stream").asBoolean(false));
            estimate = null;
        }
        if (!decision.metadata().isEmpty()) {
            RequestContext c = state.context();
            Map<String, String> merged = new HashMap<>(c.metadata());
            merged.putAll(decision.metadata());
            state.context(new RequestContext(c.traceId(), c.tenantId(), c.keyId(), c.keyName(), c.requestedModel(), merged,
                    c.receivedAt()));
        }
    }

    private void note(RequestPolicy policy, PolicyDecision decision, String outcome) {
        if (decision.notes().isEmpty()) {
            state.outcome().addDecision(new Receipt.Decision("policy", id(policy, decision), outcome, decision.message()));
        }
        for (PolicyNote n : decision.notes()) {
            state.outcome().addDecision(new Receipt.Decision(n.stage(), n.id(), n.outcome(), n.detail()));
        }
    }

    private GatewayException denial(RequestPolicy policy, PolicyDecision decision) {
        int status = decision.status() >= 400 && decision.status() <= 599 ? decision.status() : 403;
        String message = decision.message() != null ? decision.message()
                : "Request refused by policy '" + id(policy, decision) + "'.";
        GatewayException denied = new GatewayException(status, errorType(status, decision.code()),
                decision.code() != null ? decision.code() : "policy_denied", decision.param(), message);
        if (decision.retryAfter() != null) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            denied.withHeader("retry-after", Long.toString(seconds));
        }
        return denied;
    }

    /** OpenAI's error types: quota and rate refusals have their own, server-side ones {@code api_error}. */
    private static String errorType(int status, String code) {
        if (status == 429) {
            return "budget_exceeded".equals(code) ? "insufficient_quota" : "rate_limit_exceeded";
        }
        return status >= 500 ? "api_error" : "invalid_request_error";
    }

    private static GatewayException unavailable(RequestPolicy policy, String code, String what) {
        return new GatewayException(503, "api_error", code, null, "Policy '" + policy.id() + "' " + what + ".");
    }

    /** A policy that answers after its time budget may have reserved something: hand it back at once. */
    private void releaseLateAnswer(RequestPolicy policy, CompletableFuture<PolicyDecision> answer) {
        RequestContext context = state.context();
        answer.thenAccept(late -> {
            if (late != null && late.outcome() != PolicyDecision.Outcome.DENY) {
                try {
                    policy.completed(new PolicyOutcome(context, late, 503, Usage.NONE, dev.caravan.api.Money.ZERO_USD, false));
                } catch (RuntimeException e) {
                    LOG.error("trace {}: policy '{}' failed in afterResponse", context.traceId(), policy.id(), e);
                }
            }
        });
    }

    private static String id(RequestPolicy policy, PolicyDecision decision) {
        return decision.policy() != null ? decision.policy() : policy.id();
    }

    private void fail(GatewayException e) {
        exchange.setException(e);
        callback.done(false);
    }

    /** The policies that admitted a request; each is told the outcome once, before the receipt is written. */
    public static final RequestState.Attachment<AdmittedPolicies> ADMITTED =
            new RequestState.Attachment<>("admittedPolicies", AdmittedPolicies.class);
}
