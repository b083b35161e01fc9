package dev.caravan.platform.pipeline;

import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.platform.config.TargetConfig;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.upstream.ForwardedHeaders;
import dev.caravan.platform.upstream.ProviderRegistry;
import dev.caravan.platform.upstream.SseResponse;
import dev.caravan.platform.upstream.StreamEnd;
import dev.caravan.platform.upstream.StreamRelay;
import dev.caravan.platform.upstream.UpstreamClient;
import dev.caravan.platform.upstream.UpstreamFailure;
import io.netty.channel.ChannelHandlerContext;
import java.net.http.HttpResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code callUpstream}: sends the request to the alias's target through its provider
 * adapter and the shared client, asynchronously. A complete answer becomes the response body; a
 * stream becomes an {@link SseResponse} fed by a {@link StreamRelay} after the route has finished,
 * and its receipt is written when the stream ends.
 */
public final class UpstreamStage extends AsyncProcessorSupport {

    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final ReceiptRecorder receipts;

    public UpstreamStage(ProviderRegistry providers, UpstreamClient client, ReceiptRecorder receipts) {
        this.providers = providers;
        this.client = client;
        this.receipts = receipts;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            return call(exchange, callback);
        } catch (RuntimeException e) {
            // An adapter bug must fail this request with a 500, not leave the exchange waiting.
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private boolean call(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        TargetConfig target = state.alias().targets().get(0);
        ProviderRegistry.Provider provider = providers.get(target.provider());
        ProviderCall call = new ProviderCall(dev.caravan.api.ApiFamily.CHAT_COMPLETIONS, state.body(), target.model(),
                state.stream(), provider.settings(), state.context());
        UpstreamRequest request;
        try {
            request = provider.adapter().prepare(call);
        } catch (UnsupportedRequestException e) {
            exchange.setException(GatewayException.badRequest(e.param(), e.getMessage()));
            callback.done(true);
            return true;
        }
        long start = System.nanoTime();
        Attempt attempt = new Attempt(exchange, state, provider, call, target, start);
        if (state.stream()) {
            client.send(request, provider.settings().timeout(), attempt::streamHandler)
                    .whenComplete((response, error) -> attempt.onStreamHead(response, error, callback));
        } else {
            client.send(request, provider.settings().timeout(), attempt::bytesHandler)
                    .whenComplete((response, error) -> attempt.onComplete(response, error, callback));
        }
        return false;
    }

    /** One try against one target; records itself in the request state. */
    private final class Attempt {
        private final Exchange exchange;
        private final RequestState state;
        private final ProviderRegistry.Provider provider;
        private final ProviderCall call;
        private final TargetConfig target;
        private final long start;
        private volatile long headersNanos = -1;

        Attempt(Exchange exchange, RequestState state, ProviderRegistry.Provider provider, ProviderCall call,
                TargetConfig target, long start) {
            this.exchange = exchange;
            this.state = state;
            this.provider = provider;
            this.call = call;
            this.target = target;
            this.start = start;
        }

        HttpResponse.BodySubscriber<byte[]> bytesHandler(HttpResponse.ResponseInfo info) {
            headersNanos = System.nanoTime() - start;
            state.forwardedHeaders(ForwardedHeaders.select(info.headers()));
            return HttpResponse.BodySubscribers.ofByteArray();
        }

        HttpResponse.BodySubscriber<Object> streamHandler(HttpResponse.ResponseInfo info) {
            headersNanos = System.nanoTime() - start;
            state.forwardedHeaders(ForwardedHeaders.select(info.headers()));
            if (info.statusCode() / 100 != 2) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), b -> b);
            }
            ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
            SseResponse response = new SseResponse(ctx, state.keepAlive());
            return new StreamRelay(provider.adapter().openStream(call), response, start, this::onStreamEnd,
                    provider.settings().timeout(), client.timers());
        }

        void onComplete(HttpResponse<byte[]> response, Throwable error, AsyncCallback callback) {
            try {
                if (error != null) {
                    failed(error);
                } else if (response.statusCode() / 100 == 2) {
                    ProviderResponse translated = provider.adapter().translateResponse(call, response.body());
                    record(response.statusCode(), null);
                    state.servedBy(servedBy());
                    state.upstreamTimings(headersNanos, System.nanoTime() - start);
                    state.usage(translated.usage());
                    HttpResponses.json(exchange, 200, translated.body());
                } else {
                    upstreamError(response.statusCode(), response.body());
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        }

        void onStreamHead(HttpResponse<Object> response, Throwable error, AsyncCallback callback) {
            try {
                if (error != null) {
                    failed(error);
                } else if (response.body() instanceof StreamRelay relay) {
                    state.servedBy(servedBy());
                    state.deferReceipt();
                    SseResponse sse = relay.response();
                    HttpResponses.addGatewayHeaders(sse.headers(), state);
                    exchange.getMessage().setBody(sse);
                } else {
                    upstreamError(response.statusCode(), (byte[]) response.body());
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        }

        private void onStreamEnd(StreamEnd end) {
            long total = System.nanoTime() - start;
            record(200, end.error());
            state.servedBy(servedBy());
            state.upstreamTimings(end.firstByteNanos(), total);
            state.usage(end.usage());
            if (end.clientAborted()) {
                state.fail(499, "client_closed_request", "client disconnected before the stream ended");
            } else if (end.error() != null) {
                state.fail(200, "upstream_stream_error", end.error());
            }
            receipts.record(state, state.status() == 0 ? 200 : state.status());
        }

        private void failed(Throwable error) {
            UpstreamFailure failure = UpstreamFailure.classify(error);
            record(0, failure.label() + ": " + failure.detail());
            String code = failure.kind() == UpstreamFailure.Kind.TIMEOUT ? "upstream_timeout" : "upstream_unreachable";
            throw new GatewayException(failure.kind().status(), "api_error", code, null,
                    "Provider '" + provider.settings().id() + "' " + (failure.kind() == UpstreamFailure.Kind.TIMEOUT
                            ? "did not answer within " + provider.settings().timeout().toMillis() + " ms."
                            : "could not be reached (" + failure.detail() + ")."));
        }

        private void upstreamError(int status, byte[] body) {
            record(status, "http " + status);
            ProviderError translated = provider.adapter().translateError(call, status, body == null ? new byte[0] : body);
            throw new GatewayException(translated.status(), translated.type(), translated.code(), translated.param(),
                    translated.message(), translated.passThroughBody(), null);
        }

        private void record(int status, String error) {
            long elapsed = System.nanoTime() - start;
            state.addAttempt(new Receipt.Attempt(target.provider(), target.model(), status, elapsed / 1_000_000.0, error), elapsed);
        }

        private String servedBy() {
            return target.provider() + "/" + target.model();
        }
    }
}
