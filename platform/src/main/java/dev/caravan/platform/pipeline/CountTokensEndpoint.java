package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.policy.TokenEstimator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code countTokens}: answers Anthropic's {@code POST /v1/messages/count_tokens} with
 * {@code {"input_tokens": N}}, counted by the gateway with the same tokenizer its limits and budget
 * reservations use ({@link TokenEstimator}: OpenAI's {@code o200k_base}, per-message overhead,
 * tool definitions, a fixed charge per image). No upstream is called, so the count is an estimate
 * for every target: Claude's own tokenizer differs by some percent. The answer says so in
 * {@code x-caravan-token-count: estimated}.
 */
public final class CountTokensEndpoint implements Processor {

    public static final String ESTIMATE_HEADER = "x-caravan-token-count";

    private final TokenEstimator estimator;
    private final ObjectMapper json;

    public CountTokensEndpoint(TokenEstimator estimator, ObjectMapper json) {
        this.estimator = estimator;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RequestState state = RequestState.of(exchange);
        long tokens = estimator.promptTokens(state.body());
        HttpResponses.json(exchange, 200, json.writeValueAsBytes(json.createObjectNode().put("input_tokens", tokens)));
        if (exchange.getMessage().getBody() instanceof io.netty.handler.codec.http.HttpResponse response) {
            response.headers().set(ESTIMATE_HEADER, "estimated");
        }
    }
}
