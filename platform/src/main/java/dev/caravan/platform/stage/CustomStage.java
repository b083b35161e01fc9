package dev.caravan.platform.stage;

import dev.caravan.api.stage.StageDecision;
import dev.caravan.api.stage.StageRequest;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.StagesConfig;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.StageChoices;
import dev.caravan.platform.storage.Receipt;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route step naming a custom stage ({@code - process: { ref: tenantRouter }} for a plugin,
 * {@code ref: "script:tenantRouter"} for a script): calls it off the pipeline thread within its
 * time limit, holding no thread while it waits, and applies its decision: another alias (one the key
 * may use), metadata, response headers, or a rejection the route's error handler renders in the
 * caller's API shape. A failure is answered per {@code on_error}. The route goes on on the
 * continuation executor, as after {@code admit}. Each call leaves a decision in the receipt.
 */
final class CustomStage extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CustomStage.class);

    private final String ref;
    private final StageCall call;
    private final StagesConfig.Settings settings;
    private final Function<String, Optional<ModelAlias>> aliases;
    private final Executor continuation;

    CustomStage(String ref, StageCall call, StagesConfig.Settings settings, Function<String, Optional<ModelAlias>> aliases,
            Executor continuation) {
        this.ref = ref;
        this.call = call;
        this.settings = settings;
        this.aliases = aliases;
        this.continuation = continuation;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state;
        StageRequest request;
        try {
            state = RequestState.of(exchange);
            if (state.key() == null) {
                throw new IllegalStateException("the stage '" + ref + "' must come after 'authenticate'");
            }
            request = StageInput.of(exchange, state);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture<StageDecision> answer;
        try {
            answer = call.call(request, settings.timeout());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenCompleteAsync((decision, error) -> {
            try {
                decided(state, decision, error);
            } catch (GatewayException e) {
                exchange.setException(e);
            } catch (RuntimeException e) {
                LOG.error("trace {}: applying the decision of stage '{}' failed", state.traceId(), ref, e);
                exchange.setException(failed(state, StageFailure.Kind.ERROR));
            }
            callback.done(false);
        }, this::continueOn);
        return false;
    }

    /** The continuation executor, or this thread when it is saturated: the request must go on either way. */
    private void continueOn(Runnable next) {
        try {
            continuation.execute(next);
        } catch (RejectedExecutionException e) {
            next.run();
        }
    }

    private void decided(RequestState state, StageDecision decision, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && decision == null) {
            cause = new StageFailure(StageFailure.Kind.ERROR, "returned no decision");
        }
        if (cause == null) {
            try {
                apply(state, decision);
                return;
            } catch (StageFailure invalid) {
                cause = invalid;
            }
        }
        StageFailure failure = cause instanceof StageFailure f ? f : new StageFailure(StageFailure.Kind.ERROR, "error");
        if (cause instanceof StageFailure) {
            LOG.warn("trace {}: stage '{}' failed ({}), request {}", state.traceId(), ref, failure.getMessage(),
                    settings.onError() == StagesConfig.OnError.FAIL ? "refused" : "continues");
        } else {
            // A plugin's or script's own exception: logged for the operator, never shown to the caller.
            LOG.warn("trace {}: stage '{}' failed, request {}: {}", state.traceId(), ref,
                    settings.onError() == StagesConfig.OnError.FAIL ? "refused" : "continues", cause.toString());
        }
        if (settings.onError() == StagesConfig.OnError.CONTINUE) {
            state.outcome().addDecision(new Receipt.Decision("stage", ref, "error_continued", brief(failure)));
            return;
        }
        state.outcome().addDecision(new Receipt.Decision("stage", ref, "error", brief(failure)));
        throw failed(state, failure.kind());
    }

    private void apply(RequestState state, StageDecision decision) {
        if (decision.outcome() == null) {
            throw new StageFailure(StageFailure.Kind.ERROR, "returned a decision without an outcome");
        }
        StageHeaders.check(decision.headers());
        if (decision.outcome() == StageDecision.Outcome.REJECT) {
            if (decision.status() < 400 || decision.status() > 599) {
                throw new StageFailure(StageFailure.Kind.ERROR, "rejected with status " + decision.status() + " (must be 400..599)");
            }
            StageChoices.addResponseHeaders(state, decision.headers());
            state.outcome().addDecision(new Receipt.Decision("stage", ref, "reject", decision.status() + (decision.code() == null ? "" : " " + decision.code())));
            throw new GatewayException(decision.status(), decision.status() >= 500 ? "api_error" : "invalid_request_error",
                    decision.code() != null ? decision.code() : "stage_rejected", null,
                    decision.message() != null && !decision.message().isBlank() ? decision.message() : "Request refused by stage '" + ref + "'.");
        }
        ModelAlias alias = null;
        if (decision.alias() != null) {
            alias = aliases.apply(decision.alias()).filter(a -> state.key().mayUse(a.alias())).orElseThrow(() -> new StageFailure(
                    StageFailure.Kind.ERROR, "chose alias '" + decision.alias() + "', which is not configured or this key may not use"));
        }
        if (alias != null) {
            StageChoices.chooseAlias(state, alias);
        }
        StageChoices.setMetadata(state, decision.metadata());
        StageChoices.addResponseHeaders(state, decision.headers());
        state.outcome().addDecision(new Receipt.Decision("stage", ref, "proceed", alias == null ? null : "alias " + alias.alias()));
    }

    private String brief(StageFailure failure) {
        return failure.kind() == StageFailure.Kind.ERROR && failure.getMessage().equals("error") ? "failed" : failure.getMessage();
    }

    private GatewayException failed(RequestState state, StageFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> new GatewayException(503, "api_error", "stage_timeout", null,
                    "Stage '" + ref + "' did not answer within " + settings.timeout().toMillis() + " ms (trace " + state.traceId() + ").");
            case UNAVAILABLE -> new GatewayException(503, "api_error", "stage_unavailable", null,
                    "Stage '" + ref + "' is not loaded (trace " + state.traceId() + ").");
            case ERROR -> new GatewayException(500, "api_error", "stage_failed", null,
                    "Stage '" + ref + "' failed (trace " + state.traceId() + ").");
        };
    }
}
