package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.platform.guard.GuardDecisions;
import dev.caravan.platform.guard.BoundGuard;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.guard.StreamGuard;
import dev.caravan.platform.upstream.StreamRelay;
import java.util.List;
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
 * Stage {@code guardOutput} (after {@code callUpstream}): every response guardrail (global, tenant,
 * key, alias), for complete and streamed answers alike. A complete answer is checked before it is
 * sent: DENY replaces it with a 446 error naming the guardrail (the upstream call still counts in
 * the receipt); REDACT sends the masked copy; WARN is recorded. A streamed answer has not started
 * yet (its relay waits for the route to complete): this stage puts a {@link StreamGuard} between
 * the upstream and the client, which checks the events as they pass.
 */
public final class GuardOutputStage extends AsyncProcessorSupport {

    private final GuardrailCatalog catalog;
    private final GuardRunner runner;
    private final ObjectMapper json;
    private final int streamCheckChars;

    public GuardOutputStage(GuardrailCatalog catalog, GuardRunner runner, ObjectMapper json, int streamCheckChars) {
        this.catalog = catalog;
        this.runner = runner;
        this.json = json;
        this.streamCheckChars = streamCheckChars;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state;
        ObjectNode answer;
        try {
            state = RequestState.of(exchange);
            List<BoundGuard> response = state.key() == null || state.alias() == null ? List.of()
                    : ScopedControls.of(state) != null ? ScopedControls.of(state).guards(GuardPhase.RESPONSE)
                    : catalog.forRequest(GuardPhase.RESPONSE, state.key().tenantId(), state.key().name(), state.alias().alias());
            StreamRelay stream = state.attached(RoutedCall.STREAM);
            if (!response.isEmpty() && stream != null && exchange.getMessage().getBody() == stream.response()) {
                stream.inspect(new StreamGuard(runner, response, state, streamCheckChars));
            }
            answer = response.isEmpty() ? null : completeAnswer(exchange);
            if (answer == null) {
                callback.done(true);
                return true;
            }
            runner.runAll(response, GuardPhase.RESPONSE, state.context(), answer, GuardText::ofResponse, true)
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
