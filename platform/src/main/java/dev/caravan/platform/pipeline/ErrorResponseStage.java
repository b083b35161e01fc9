package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages {@code errorResponse} and {@code anthropicErrorResponse}: turn the exception that stopped
 * a route into the route's wire-format error body (OpenAI's or Anthropic's) with its status.
 * Unexpected exceptions become a 500 that reveals nothing internal; they are logged here, once,
 * with the trace id.
 */
public final class ErrorResponseStage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponseStage.class);

    private final Function<GatewayException, byte[]> body;
    private final java.util.function.UnaryOperator<String> secretsMasked;

    /** The OpenAI error body, for every OpenAI-style route. */
    public ErrorResponseStage() {
        this(OpenAiErrorBody::render);
    }

    public ErrorResponseStage(Function<GatewayException, byte[]> body) {
        this(body, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param secretsMasked masks provider credentials, extra provider header values and key-shaped
     *                      strings in an upstream's error text before the client sees it
     */
    public ErrorResponseStage(Function<GatewayException, byte[]> body, java.util.function.UnaryOperator<String> secretsMasked) {
        this.body = body;
        this.secretsMasked = secretsMasked;
    }

    public static ErrorResponseStage anthropic() {
        return new ErrorResponseStage(AnthropicErrorBody::render);
    }

    public static ErrorResponseStage openAi(java.util.function.UnaryOperator<String> secretsMasked) {
        return new ErrorResponseStage(OpenAiErrorBody::render, secretsMasked);
    }

    public static ErrorResponseStage anthropic(java.util.function.UnaryOperator<String> secretsMasked) {
        return new ErrorResponseStage(AnthropicErrorBody::render, secretsMasked);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        GatewayException error = cause instanceof GatewayException g ? g : internal(cause, state);
        if (error.isFromUpstream()) {
            error = masked(error);
        }
        if (state != null) {
            state.outcome().fail(error.status(), error.type(), error.getMessage());
            state.outcome().errorOrigin(error.code(), error.isFromUpstream());
        }
        HttpResponses.json(exchange, error.status(), body.apply(error));
        if (!error.headers().isEmpty() && exchange.getMessage().getBody() instanceof io.netty.handler.codec.http.HttpResponse response) {
            error.headers().forEach(response.headers()::set);
        }
    }

    /** The upstream's text may quote what the gateway sent it, credentials and extra headers included. */
    private GatewayException masked(GatewayException e) {
        byte[] pass = e.passThroughBody();
        byte[] maskedPass = pass == null ? null : secretsMasked.apply(new String(pass, java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        GatewayException copy = new GatewayException(e.status(), e.type(), e.code(), e.param(),
                secretsMasked.apply(e.getMessage()), maskedPass, e.getCause()).fromUpstream();
        e.headers().forEach(copy::withHeader);
        return copy;
    }

    private static GatewayException internal(Throwable cause, RequestState state) {
        String trace = state == null ? "-" : state.traceId();
        LOG.error("trace {}: unexpected failure in the pipeline", trace, cause);
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed to process the request (trace " + trace + ").");
    }
}
