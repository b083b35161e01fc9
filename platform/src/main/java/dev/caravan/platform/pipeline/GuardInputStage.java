package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.platform.guard.BoundGuard;
import dev.caravan.platform.guard.GuardDecisions;
import dev.caravan.platform.guard.GuardRunner;
import dev.caravan.platform.guard.GuardText;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.guard.GuardrailErrors;
import dev.caravan.platform.guard.PhaseOutcome;
import java.util.List;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code guardInput} (after {@code resolveAlias}): runs the request's guardrails (global,
 * tenant, key, alias) on the guardrail pool and holds no thread while they run. DENY answers 446
 * naming the guardrail; REDACT replaces the body that goes upstream; WARN is recorded only; every
 * check run lands in the receipt. Response guardrails are {@code guardOutput}'s.
 */
public final class GuardInputStage extends AsyncProcessorSupport {

    private final GuardrailCatalog catalog;
    private final GuardRunner runner;

    public GuardInputStage(GuardrailCatalog catalog, GuardRunner runner) {
        this.catalog = catalog;
        this.runner = runner;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state;
        List<BoundGuard> request;
        try {
            state = RequestState.of(exchange);
            if (state.alias() == null || state.context() == null) {
                throw new IllegalStateException("stage 'guardInput' must come after 'resolveAlias'");
            }
            request = ScopedControls.of(state) != null ? ScopedControls.of(state).guards(GuardPhase.REQUEST)
                    : catalog.forRequest(GuardPhase.REQUEST, state.key().tenantId(), state.key().name(), state.alias().alias());
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (request.isEmpty()) {
            callback.done(true);
            return true;
        }
        runner.runAll(request, GuardPhase.REQUEST, state.context(), state.body(), GuardText::ofRequest, true)
                .whenComplete((outcome, error) -> {
                    try {
                        if (error != null) {
                            exchange.setException(error);
                        } else {
                            apply(exchange, state, outcome);
                        }
                    } catch (RuntimeException e) {
                        exchange.setException(e);
                    } finally {
                        callback.done(false);
                    }
                });
        return false;
    }

    private static void apply(Exchange exchange, RequestState state, PhaseOutcome outcome) {
        GuardDecisions.record(state, GuardPhase.REQUEST, outcome.results());
        if (outcome.denied()) {
            exchange.setException(GuardrailErrors.denied(state.endpoint(), GuardPhase.REQUEST, outcome.denial()));
        } else if (outcome.body() != state.body()) {
            state.body(outcome.body());
        }
    }
}
