package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.AdmitConfig;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.policy.PolicyChain;
import dev.caravan.platform.policy.TokenEstimator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Stage {@code admit}: runs the tenant's request policies (budgets, limits, tenant rules) in order,
 * before anything is routed. Each policy answers asynchronously within {@code admit.policy_timeout_ms};
 * the first DENY ends the request with the policy's status and message, MODIFY changes the alias,
 * body or metadata for the policies after it and for routing. Every policy that did not deny is
 * told the outcome exactly once when the request ends (finish step {@code settlePolicies}); see
 * {@link PolicyRun} for one request's walk through the chain.
 */
public final class AdmitStage extends AsyncProcessorSupport {

    private final PolicyChain chain;
    private final PolicyRun.Settings settings;
    private final ReceiptRecorder recorder;

    public AdmitStage(PolicyChain chain, AdmitConfig config, Function<String, Optional<ModelAlias>> aliases, TokenEstimator estimator,
            Executor policyExecutor, ReceiptRecorder recorder) {
        this.chain = chain;
        this.settings = new PolicyRun.Settings(config, aliases, estimator, policyExecutor);
        this.recorder = recorder;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            RequestState state = RequestState.of(exchange);
            if (state.key() == null || state.alias() == null) {
                throw new IllegalStateException("the 'admit' stage must come after 'authenticate' and 'resolveAlias'");
            }
            List<RequestPolicy> policies = ScopedControls.of(state) != null ? chain.policiesFor(ScopedControls.of(state).subject())
                    : chain.policiesFor(state.key().tenantId());
            if (policies.isEmpty()) {
                callback.done(true);
                return true;
            }
            exchange.getExchangeExtension().addOnCompletion(new SafetyNet(state));
            new PolicyRun(exchange, state, policies, callback, settings).start();
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /**
     * For a route that ends without the finish step: the request is still finished once (its
     * policies settled, its receipt written). Streams are left to their relay, which finishes them
     * when the last byte is sent.
     */
    private final class SafetyNet extends SynchronizationAdapter {

        private final RequestState state;

        SafetyNet(RequestState state) {
            this.state = state;
        }

        @Override
        public void onDone(Exchange exchange) {
            if (!state.outcome().receiptDeferred() && !state.outcome().isFinished()) {
                recorder.record(state, exchange.isFailed() ? 500 : FinishOnceStep.statusOf(exchange));
            }
        }
    }
}
