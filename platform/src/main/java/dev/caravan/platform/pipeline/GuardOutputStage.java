package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.platform.guard.GuardDecisions;
import dev.caravan.platform.guard.GuardPlan;
import dev.caravan.platform.guard.GuardRunner;
import dev.caravan.platform.guard.GuardText;
import dev.caravan.platform.guard.GuardrailErrors;
import dev.caravan.platform.guard.PhaseOutcome;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code guardOutput} (after {@code callUpstream}): runs the response guardrails that
 * {@code guardInput} resolved on a complete answer before it is sent. DENY replaces the answer with
 * a 446 error naming the guardrail (the upstream call still counts in the receipt); REDACT sends
 * the masked copy; WARN is recorded. A streamed answer is not handled here: its events are checked
 * as they pass through the relay (see {@code StreamGuard}).
 */
public final class GuardOutputStage extends AsyncProcessorSupport {

    private final GuardRunner runner;
    private final ObjectMapper json;

    public GuardOutputStage(GuardRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state;
        ObjectNode answer;
        try {
            state = RequestState.of(exchange);
            GuardPlan plan = state.guardPlan();
            answer = plan == null || plan.response().isEmpty() ? null : completeAnswer(exchange);
            if (answer == null) {
                callback.done(true);
                return true;
            }
            runner.runAll(plan.response(), GuardPhase.RESPONSE, state.context(), answer, GuardText::ofResponse, true)
                    .whenComplete((outcome, error) -> {
                        try {
                            if (error != null) {
                                exchange.setException(error);
                            } else {
                                apply(exchange, state, outcome, answer);
                            }
                        } catch (RuntimeException e) {
                            exchange.setException(e);
                        } finally {
                            callback.done(false);
                        }
                    });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** The JSON object of a successful, complete response; null for streams and anything else. */
    private ObjectNode completeAnswer(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof FullHttpResponse response) || response.status().code() / 100 != 2) {
            return null;
        }
        try (ByteBufInputStream in = new ByteBufInputStream(response.content().duplicate())) {
            JsonNode node = json.readTree((java.io.InputStream) in);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null; // not JSON: nothing a guardrail could read
        }
    }

    private void apply(Exchange exchange, RequestState state, PhaseOutcome outcome, ObjectNode answer) {
        GuardDecisions.record(state, GuardPhase.RESPONSE, outcome.results());
        FullHttpResponse original = (FullHttpResponse) exchange.getMessage().getBody();
        if (outcome.denied()) {
            original.release();
            exchange.setException(GuardrailErrors.denied(state.endpoint(), GuardPhase.RESPONSE, outcome.denial()));
        } else if (outcome.body() != answer) {
            int status = original.status().code();
            original.release();
            try {
                HttpResponses.json(exchange, status, json.writeValueAsBytes(outcome.body()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
