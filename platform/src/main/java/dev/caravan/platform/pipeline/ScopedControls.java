package dev.caravan.platform.pipeline;

import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.platform.config.Scope;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.ResolvedScope;
import dev.caravan.platform.guard.BoundGuard;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.ratelimit.AppliedLimit;
import dev.caravan.platform.ratelimit.RateLimiter;
import java.util.List;

/**
 * Matches a request against every scoped control once, when its tenant, key, alias and metadata
 * are known (stage {@code resolveAlias}), into one {@link Resolved} the later stages read: rate
 * limits, guardrails of each phase, logging rules. No stage matches scopes again. With nothing
 * scoped configured, resolving is three empty-list checks and the tenant's logging look-up that
 * was made before anyway.
 */
public final class ScopedControls {

    private final RateLimiter limiter;
    private final GuardrailCatalog guardrails;
    private final RequestLogger logs;

    public ScopedControls(RateLimiter limiter, GuardrailCatalog guardrails, RequestLogger logs) {
        this.limiter = limiter;
        this.guardrails = guardrails;
        this.logs = logs;
    }

    public Resolved resolve(Scope.RequestScope subject) {
        return new Resolved(subject, limiter.applicable(subject), guardrails.forRequest(GuardPhase.REQUEST, subject),
                guardrails.forRequest(GuardPhase.RESPONSE, subject), logs.rulesFor(subject), this);
    }

    /**
     * What applies to one request.
     *
     * @param limits         the rate limits it is counted against (stage {@code rateLimit})
     * @param requestGuards  the guardrails of its request ({@code guardInput}), in run order
     * @param responseGuards the guardrails of its answer ({@code guardOutput})
     * @param logging        what the request log keeps of it (finish steps, stream tap, stored responses)
     */
    public record Resolved(Scope.RequestScope subject, List<AppliedLimit> limits, List<BoundGuard> requestGuards,
            List<BoundGuard> responseGuards, LoggingPolicy.TenantRules logging, ScopedControls from) implements ResolvedScope {

        public List<BoundGuard> guards(GuardPhase phase) {
            return phase == GuardPhase.REQUEST ? requestGuards : responseGuards;
        }

        /**
         * A policy moved the request to another alias (admit runs after rateLimit): the controls
         * that follow — guardrails, logging — are those of the alias it now goes to; the rate
         * limits it was charged stay.
         */
        @Override
        public Resolved realiased(String alias) {
            Resolved again = from.resolve(subject.withAlias(alias));
            return new Resolved(again.subject(), limits, again.requestGuards(), again.responseGuards(), again.logging(), from);
        }
    }

    /** The controls {@code resolveAlias} resolved for this request; null before it ran. */
    public static Resolved of(RequestState state) {
        return state.controls(Resolved.class);
    }

    /**
     * The request's logging rules: as resolved with its scope, or — for a request refused before
     * its alias was resolved — those of its tenant and key; null before authentication.
     */
    public static LoggingPolicy.TenantRules loggingRules(RequestState state, RequestLogger logs) {
        Resolved resolved = of(state);
        if (resolved != null) {
            return resolved.logging();
        }
        return state.key() == null ? null : logs.rulesFor(new Scope.RequestScope(state.key().tenantId(), state.key().name(), null,
                state.context() == null ? java.util.Map.of() : state.context().metadata()));
    }
}
