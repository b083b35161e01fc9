package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.platform.families.CompletionsBridge;
import dev.caravan.platform.families.RequestNeeds;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code parseCompletions}: reads a legacy OpenAI text completions request
 * ({@code POST /v1/completions}: {@code model}, {@code prompt}, {@code max_tokens}, {@code stream})
 * and turns it into a chat request, so every later stage (limits, guardrails, routing, receipts)
 * sees chat completions; the answer is turned back into {@code text_completion} by
 * {@link CompletionsBridge}. Fields chat cannot honour are a 400 naming them.
 */
public final class CompletionsRequestStage implements Processor {

    private final ObjectMapper json;

    public CompletionsRequestStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        ObjectNode request = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = ChatRequestStage.requireString(request, "model", "you must provide a model parameter");
        OpenAiFields.generationLimits(request);
        boolean stream = OpenAiFields.stream(request);
        ObjectNode chat;
        try {
            chat = CompletionsBridge.INSTANCE.toChat(request);
        } catch (UnsupportedRequestException e) {
            throw GatewayException.badRequest(e.param(), e.getMessage());
        }
        state.family(ApiFamily.CHAT_COMPLETIONS);
        state.body(chat);
        state.requestedModel(model);
        state.stream(stream);
        state.needs(RequestNeeds.of(ApiFamily.CHAT_COMPLETIONS, chat, stream));
        state.clientBridge(CompletionsBridge.INSTANCE, request);
    }
}
