package dev.caravan.platform.pipeline;

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

    /** The OpenAI error body, for every OpenAI-style route. */
    public ErrorResponseStage() {
        this(OpenAiErrorBody::render);
    }

    public ErrorResponseStage(Function<GatewayException, byte[]> body) {
        this.body = body;
    }

    public static ErrorResponseStage anthropic() {
        return new ErrorResponseStage(AnthropicErrorBody::render);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestState state = exchange.getProperty(RequestState.PROPERTY, RequestState.class);
        GatewayException error = cause instanceof GatewayException g ? g : internal(cause, state);
        if (state != null) {
            state.fail(error.status(), error.type(), error.getMessage());
        }
        HttpResponses.json(exchange, error.status(), body.apply(error));
        if (!error.headers().isEmpty() && exchange.getMessage().getBody() instanceof io.netty.handler.codec.http.HttpResponse response) {
            error.headers().forEach(response.headers()::set);
        }
    }

    private static GatewayException internal(Throwable cause, RequestState state) {
        String trace = state == null ? "-" : state.traceId();
        LOG.error("trace {}: unexpected failure in the pipeline", trace, cause);
        return new GatewayException(500, "api_error", "internal_error", null,
                "The gateway failed to process the request (trace " + trace + ").");
    }
}
