package dev.caravan.platform.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code clientErrorResponse}: for endpoints both SDK families call ({@code GET /v1/models}),
 * the error body of the client's family: Anthropic's when the request carries
 * {@code anthropic-version} or {@code x-api-key} (see {@link ModelsEndpoint#isAnthropicClient}),
 * OpenAI's otherwise.
 */
public final class ClientShapedErrorResponse implements Processor {

    private final ErrorResponseStage openAi;
    private final ErrorResponseStage anthropic;

    /** The two shaped stages the routes use, so both mask secrets the same way. */
    public ClientShapedErrorResponse(ErrorResponseStage openAi, ErrorResponseStage anthropic) {
        this.openAi = openAi;
        this.anthropic = anthropic;
    }

    @Override
    public void process(Exchange exchange) {
        boolean anthropicClient = exchange.getIn() instanceof org.apache.camel.component.netty.http.NettyHttpMessage message
                && ModelsEndpoint.isAnthropicClient(message.getHttpRequest());
        (anthropicClient ? anthropic : openAi).process(exchange);
    }
}
