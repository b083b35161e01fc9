package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UnsupportedRequestException;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.platform.families.ChatBridge;
import dev.caravan.platform.families.NativeStream;
import dev.caravan.platform.families.TargetFit;
import dev.caravan.platform.pricing.GeneratedImages;
import dev.caravan.platform.routing.Backoff;
import dev.caravan.platform.routing.Candidate;
import dev.caravan.platform.routing.RateLimitCooldowns;
import dev.caravan.platform.routing.TargetBreakers;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.upstream.AnswerTooLargeException;
import dev.caravan.platform.upstream.BoundedBody;
import dev.caravan.platform.upstream.ForwardedHeaders;
import dev.caravan.platform.upstream.ProviderRegistry;
import dev.caravan.platform.upstream.SseResponse;
import dev.caravan.platform.upstream.StreamEnd;
import dev.caravan.platform.upstream.StreamRelay;
import dev.caravan.platform.upstream.UpstreamClient;
import dev.caravan.platform.upstream.UpstreamFailure;
import dev.caravan.platform.upstream.WellFormedJson;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ChannelHandlerContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;

/**
 * One request's way through its planned targets. Each try asks the target's circuit breaker
 * first (an open circuit skips the target), then calls it; a failure worth another go (a status in
 * the alias's {@code on_status}, a connect error, a timeout) is retried with backoff up to the
 * target's retry count, then falls back to the next target; any other failure (the client's 4xx)
 * goes straight back to the client. Every try and every skip is recorded in the receipt with its
 * decision. Streams may retry and fall back until the upstream answers 2xx; after that the
 * stream is committed. Tries run one after another, each on the thread that completed the last.
 *
 * <p>Each target serves the client's API family natively when its adapter can, else through the
 * platform's translation to chat completions ({@link ChatBridge}); a target that cannot serve the
 * request at all (family, stream, tools, images) is skipped before any call, and when no target
 * is left the client gets a 400 saying what is not supported.
 */
final class RoutedCall {

    /** The relay of a streamed answer, for {@code guardOutput} to inspect before it starts. */
    static final RequestState.Attachment<StreamRelay> STREAM = new RequestState.Attachment<>("streamRelay", StreamRelay.class);
    private static final UnreportedUsage UNREPORTED = new UnreportedUsage(new dev.caravan.platform.policy.TokenEstimator());


    private final Exchange exchange;
    private final RequestState state;
    private final List<Candidate> plan;
    private final AsyncCallback callback;
    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final ReceiptRecorder receipts;
    private final TargetBreakers breakers;
    private long deadlineNanos;
    private int index;
    private int tryNumber = 1;
    private Failure lastFailure;
    private Failure skipped; // why targets were skipped (circuit open, rate-limit cooldown), when no try failed
    private final List<GatewayException> unsupported = new ArrayList<>(0);
    private ObjectNode chatBody;

    RoutedCall(Exchange exchange, RequestState state, List<Candidate> plan, AsyncCallback callback,
            ProviderRegistry providers, UpstreamClient client, ReceiptRecorder receipts, TargetBreakers breakers) {
        this.exchange = exchange;
        this.state = state;
        this.plan = plan;
        this.callback = callback;
        this.providers = providers;
        this.client = client;
        this.receipts = receipts;
        this.breakers = breakers;
    }

    void start() {
        deadlineNanos = System.nanoTime() + state.route().deadline().toNanos();
        attempt();
    }

    private void attempt() {
        if (index >= plan.size()) {
            giveUp();
            return;
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            lastFailure = Failure.deadline(state.route().deadline());
            giveUp();
            return;
        }
        Candidate candidate = plan.get(index);
        ProviderRegistry.Provider provider = providers.get(candidate.target().provider());
        TargetFit fit = TargetFit.of(state.family(), state.needs(), provider.capabilities());
        if (!fit.serves()) {
            record(candidate, 0, 0, 0, "unsupported " + fit.unsupported(), "skipped: unsupported " + fit.unsupported());
            unsupported.add(GatewayException.badRequest(fit.param(),
                    fit.message(candidate.target().model(), provider.settings().id())));
            moveOn();
            return;
        }
        // A retry of the same target already waited as the 429 asked (Backoff honours Retry-After):
        // the alias's retry policy says to try it again. The cooldown turns away every other try.
        RateLimitCooldowns.Cooldown cooldown = tryNumber > 1 ? null : breakers.cooldowns().of(candidate.label());
        if (cooldown != null) {
            record(candidate, 0, 0, 0, "rate limited", "skipped: rate limited (cooldown)");
            skipped(Failure.rateLimited(state.route().alias(), cooldown));
            moveOn();
            return;
        }
        CircuitBreaker breaker = breakers.forTarget(candidate.label());
        if (!breaker.tryAcquirePermission()) {
            record(candidate, 0, 0, 0, "circuit open", "skipped: circuit open");
            skipped(Failure.circuitOpen(state.route().alias(), breakers.untilHalfOpen(candidate.label())));
            moveOn();
            return;
        }
        ChatBridge bridge = fit.mode() == TargetFit.Mode.VIA_CHAT ? ChatBridge.forFamily(state.family()) : null;
        ProviderCall call;
        UpstreamRequest request;
        try {
            call = bridge == null
                    ? new ProviderCall(state.family(), state.body(), candidate.target().model(), state.stream(),
                            provider.settings(), state.context())
                    : new ProviderCall(ApiFamily.CHAT_COMPLETIONS, chatBody(bridge), candidate.target().model(),
                            state.stream(), provider.settings(), state.context());
            request = provider.adapter().prepare(call);
            if (bridge == null && call.family() == ApiFamily.MESSAGES) { // native Messages upstream: the client's betas go along
                request = AnthropicBetaHeader.merge(request, state.clientBetas());
            }
        } catch (UnsupportedRequestException e) {
            breaker.releasePermission();
            finish(GatewayException.badRequest(e.param(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            finish(e);
            return;
        }
        Duration timeout = candidate.timeout() != null ? candidate.timeout() : provider.settings().timeout();
        boolean cutByDeadline = remaining < timeout.toNanos();
        timeout = Duration.ofNanos(Math.min(timeout.toNanos(), remaining));
        Try attempt = new Try(candidate, provider, call, bridge, breaker, timeout, cutByDeadline);
        if (state.stream()) {
            client.send(request, timeout, attempt::streamHandler).whenComplete(attempt::onStreamHead);
        } else {
            client.send(request, timeout, attempt::bytesHandler).whenComplete(attempt::onBytes);
        }
    }

    /**
     * A target skipped before any call: the client hears of it only when no target answers. A
     * rate-limited target says more than an open circuit (the upstream asked to wait, it is not
     * down); between two of a kind, the one to retry sooner.
     */
    private void skipped(Failure failure) {
        if (skipped == null || failure.rateLimitSkip() && !skipped.rateLimitSkip()
                || failure.rateLimitSkip() == skipped.rateLimitSkip() && failure.retryAfterSeconds() < skipped.retryAfterSeconds()) {
            skipped = failure;
        }
    }

    /** The client's request as chat completions, translated once for every target that needs it. */
    private ObjectNode chatBody(ChatBridge bridge) {
        if (chatBody == null) {
            chatBody = bridge.toChat(state.body());
        }
        return chatBody;
    }

    private void moveOn() {
        nextTarget();
        attempt();
    }

    private void nextTarget() {
        index++;
        tryNumber = 1;
    }

    /**
     * After a failed try: retry the same target, fall back to the next, or give the failure to the client.
     * {@code outOfTime}: the try timed out on the request's deadline rather than its own timeout.
     */
    private void decide(Candidate candidate, Failure failure, long latencyNanos, boolean outOfTime) {
        lastFailure = failure;
        boolean worthAnotherGo = failure.retryable(candidate.onStatus());
        long remaining = deadlineNanos - System.nanoTime();
        if (worthAnotherGo && (outOfTime || remaining <= 0)) {
            // No retry or fallback can be made, so the receipt must not claim one; the client learns it ran out of time.
            record(candidate, tryNumber, failure.status(), latencyNanos, failure.error(), "failed: deadline");
            lastFailure = Failure.deadline(state.route().deadline());
            giveUp();
            return;
        }
        if (worthAnotherGo && tryNumber <= candidate.retry().attempts()) {
            Duration wait = Backoff.before(tryNumber, candidate.retry(), failure.retryAfter());
            if (wait.toNanos() < remaining) {
                record(candidate, tryNumber, failure.status(), latencyNanos, failure.error(), "retry: " + failure.reason());
                tryNumber++;
                client.timers().schedule(this::attemptOnWorker, wait.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
        }
        if (worthAnotherGo && index + 1 < plan.size()) {
            record(candidate, tryNumber, failure.status(), latencyNanos, failure.error(), "fallback: " + failure.reason());
            nextTarget();
            attemptOnWorker();
            return;
        }
        record(candidate, tryNumber, failure.status(), latencyNanos, failure.error(), "failed: " + failure.reason());
        giveUp();
    }

    /**
     * The next try, from the upstream client's executor: a failed try is reported on an upstream
     * selector thread (or the timer thread), which must not start a new exchange itself.
     */
    private void attemptOnWorker() {
        try {
            client.executor().execute(this::attemptSafely);
        } catch (RejectedExecutionException e) {
            finish(e); // shutting down
        }
    }

    private void attemptSafely() {
        try {
            attempt();
        } catch (RuntimeException e) {
            finish(e);
        }
    }

    private void giveUp() {
        if (lastFailure == null && !unsupported.isEmpty()) {
            finish(unsupportedError());
            return;
        }
        Failure failure = lastFailure != null ? lastFailure
                : skipped != null ? skipped : Failure.circuitOpen(state.route().alias(), null);
        state.forwardedHeaders(failure.headers());
        finish(failure.toException());
    }

    /** No planned target can serve the request: say what is missing (of each target, when several). */
    private GatewayException unsupportedError() {
        if (unsupported.size() == 1) {
            return unsupported.get(0);
        }
        StringBuilder message = new StringBuilder("No target of '" + state.route().alias() + "' can serve this request: ");
        for (int i = 0; i < unsupported.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(unsupported.get(i).getMessage());
        }
        return GatewayException.badRequest(unsupported.get(0).param(), message.append('.').toString());
    }

    private void finish(RuntimeException error) {
        if (error != null) {
            exchange.setException(error);
        }
        callback.done(false);
    }

    private void record(Candidate candidate, int attempt, int status, long latencyNanos, String error, String decision) {
        state.outcome().addAttempt(new Receipt.Attempt(candidate.target().provider(), candidate.target().model(), attempt, status,
                latencyNanos / 1_000_000.0, error, decision, candidate.via()), latencyNanos);
    }

    /** One call to one target. */
    private final class Try {
        private final Candidate candidate;
        private final ProviderRegistry.Provider provider;
        private final ProviderCall call;
        private final ChatBridge bridge;
        private final CircuitBreaker breaker;
        private final Duration timeout;
        private final boolean cutByDeadline;
        private final long start = System.nanoTime();
        private final int number = tryNumber;
        private volatile long headersNanos = -1;
        private volatile java.net.http.HttpHeaders headers;
        private volatile boolean outcomeReported;
        private volatile int status; // the upstream's, once its head arrived
        private volatile RuntimeException openFailure; // the adapter's, when it could not open the stream

        Try(Candidate candidate, ProviderRegistry.Provider provider, ProviderCall call, ChatBridge bridge,
                CircuitBreaker breaker, Duration timeout, boolean cutByDeadline) {
            this.candidate = candidate;
            this.provider = provider;
            this.call = call;
            this.bridge = bridge;
            this.breaker = breaker;
            this.timeout = timeout;
            this.cutByDeadline = cutByDeadline;
        }

        HttpResponse.BodySubscriber<byte[]> bytesHandler(HttpResponse.ResponseInfo info) {
            headersNanos = System.nanoTime() - start;
            headers = info.headers();
            status = info.statusCode();
            return BoundedBody.of(info, provider.limits().maxResponseBytes());
        }

        HttpResponse.BodySubscriber<Object> streamHandler(HttpResponse.ResponseInfo info) {
            headersNanos = System.nanoTime() - start;
            headers = info.headers();
            status = info.statusCode();
            if (info.statusCode() / 100 != 2) {
                return HttpResponse.BodySubscribers.mapping(BoundedBody.of(info, provider.limits().maxResponseBytes()), b -> b);
            }
            StreamTranslator stream;
            try {
                stream = provider.adapter().openStream(call);
                stream = bridge == null ? NativeStream.of(stream, state.family()) : bridge.stream(state.body(), stream);
                if (state.clientBridge() != null) {
                    stream = state.clientBridge().stream(state.clientRequest(), stream);
                }
            } catch (RuntimeException e) {
                // The adapter cannot read this stream: nothing is relayed, so the receipt must not wait
                // for a stream end that never comes. Thrown on, the client aborts the upstream exchange.
                openFailure = e;
                throw e;
            }
            // Recorded here, before the relay exists: a short stream may end before onStreamHead runs.
            // The breaker hears how the stream went when it ends (onStreamEnd), not at its head.
            served(info.statusCode(), false);
            receipts.deferToStream(state);
            ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
            // Held until the route has completed, so that guardOutput can still inspect it.
            StreamRelay relay = new StreamRelay(stream, new SseResponse(ctx, state.keepAlive()), start,
                    this::onStreamEnd, timeout, client.timers(), client.executor())
                    .holdUntilClientReads()
                    .maxEventBytes(provider.limits().maxEventBytes())
                    .jsonEvents()
                    .tap(receipts.streamTap(state));
            if (provider.adapter() instanceof dev.caravan.platform.upstream.StreamFraming framing && framing.lineDelimited()) {
                relay.lineDelimited(provider.limits().maxEventBytes());
            }
            state.attach(STREAM, relay);
            return relay;
        }

        void onBytes(HttpResponse<byte[]> response, Throwable error) {
            try {
                if (error != null) {
                    transportFailure(error);
                } else if (response.statusCode() / 100 != 2) {
                    httpFailure(response.statusCode(), response.body());
                } else if (!WellFormedJson.bytes(response.body())) {
                    answerFailure(Failure.invalidAnswer(response.statusCode(), provider.settings().id()));
                } else {
                    ProviderResponse translated = provider.adapter().translateResponse(call, response.body());
                    served(response.statusCode(), true);
                    state.outcome().upstreamTimings(headersNanos, System.nanoTime() - start);
                    state.outcome().usage(translated.usage());
                    byte[] body = bridge == null ? translated.body() : bridge.fromChat(state.body(), translated.body());
                    if (state.clientBridge() != null) {
                        body = state.clientBridge().fromChat(state.clientRequest(), body);
                    }
                    if (state.family() == ApiFamily.IMAGES) {
                        state.outcome().generatedImages(GeneratedImages.count(body));
                    }
                    state.capture().response(body);
                    HttpResponses.json(exchange, 200, body);
                    finish(null);
                }
            } catch (RuntimeException e) {
                releaseIfUnreported();
                finish(e);
            }
        }

        /** A try that failed in our own code must not keep a half-open breaker's trial permit. */
        private void releaseIfUnreported() {
            if (!outcomeReported) {
                breaker.releasePermission();
            }
        }

        void onStreamHead(HttpResponse<Object> response, Throwable error) {
            try {
                if (openFailure != null) {
                    releaseIfUnreported();
                    finish(openFailure);
                } else if (error != null) {
                    transportFailure(error);
                } else if (response.body() instanceof StreamRelay relay) {
                    SseResponse sse = relay.response();
                    HttpResponses.addGatewayHeaders(sse.headers(), state);
                    exchange.getMessage().setBody(sse);
                    finish(null);
                } else {
                    httpFailure(response.statusCode(), (byte[]) response.body());
                }
            } catch (RuntimeException e) {
                releaseIfUnreported();
                finish(e);
            }
        }

        private void served(int status, boolean settleBreaker) {
            long elapsed = System.nanoTime() - start;
            outcomeReported = true;
            if (settleBreaker) {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            state.forwardedHeaders(ForwardedHeaders.select(headers));
            state.outcome().servedBy(candidate.label());
            record(candidate, number, status, elapsed, null, "served");
        }

        private void onStreamEnd(StreamEnd end) {
            long total = System.nanoTime() - start;
            settleStreamBreaker(end, total);
            String decision = end.clientAborted() ? "aborted: client disconnected" : "served";
            state.outcome().completeLastAttempt(new Receipt.Attempt(candidate.target().provider(), candidate.target().model(), number,
                    200, total / 1_000_000.0, end.clientAborted() ? null : end.error(), decision, candidate.via()),
                    total - headersNanos);
            state.outcome().upstreamTimings(end.firstByteNanos(), total);
            StreamRelay relay = state.attached(STREAM);
            state.outcome().usage(UNREPORTED.complete(end.usage(), state, relay == null ? null : relay.generated()));
            if (end.clientAborted()) {
                state.outcome().fail(499, "client_closed_request", "client disconnected before the stream ended");
            } else if (end.error() != null) {
                state.outcome().fail(200, "upstream_stream_error", end.error());
            }
            receipts.record(state, state.outcome().status() == 0 ? 200 : state.outcome().status());
        }

        /**
         * A stream that breaks after its head (reset, stall, cut short) is the upstream's failure even
         * though the client already got a 200; a client that hung up says nothing about the target.
         */
        private void settleStreamBreaker(StreamEnd end, long totalNanos) {
            if (end.clientAborted()) {
                breaker.releasePermission();
            } else if (end.error() != null) {
                breaker.onError(totalNanos, TimeUnit.NANOSECONDS, new UpstreamStreamException(end.error()));
            } else {
                breaker.onSuccess(totalNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void transportFailure(Throwable error) {
            AnswerTooLargeException tooLarge = tooLarge(error);
            if (tooLarge != null) {
                answerFailure(Failure.tooLarge(status, provider.settings().id(), tooLarge));
                return;
            }
            long elapsed = System.nanoTime() - start;
            UpstreamFailure failure = UpstreamFailure.classify(error);
            outcomeReported = true;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, error);
            decide(candidate, Failure.transport(failure, provider.settings().id(), timeout), elapsed,
                    cutByDeadline && failure.kind() == UpstreamFailure.Kind.TIMEOUT);
        }

        /** The upstream answered, but not with something the client may get: its fault, worth a fallback. */
        private void answerFailure(Failure failure) {
            long elapsed = System.nanoTime() - start;
            outcomeReported = true;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, new UpstreamStatusException(failure.status()));
            decide(candidate, failure, elapsed, false);
        }

        private static AnswerTooLargeException tooLarge(Throwable error) {
            for (Throwable e = error; e != null; e = e.getCause()) {
                if (e instanceof AnswerTooLargeException tooLarge) {
                    return tooLarge;
                }
            }
            return null;
        }

        private void httpFailure(int status, byte[] body) {
            long elapsed = System.nanoTime() - start;
            outcomeReported = true;
            if (status == 429) {
                // Not an outage: the upstream asked to wait. The target cools down for its Retry-After instead.
                breaker.releasePermission();
                breakers.cooldowns().start(candidate.label(), ForwardedHeaders.select(headers));
            } else if (status >= 500) {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, new UpstreamStatusException(status));
            } else {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            ProviderError translated = provider.adapter().translateError(call, status, body == null ? new byte[0] : body);
            if (bridge != null && state.family() == ApiFamily.MESSAGES && translated.passThroughBody() != null) {
                // The chat upstream's body is OpenAI's error shape (also the Responses API's), not
                // Anthropic's: render it in the client's format from the translated fields.
                translated = new ProviderError(translated.status(), translated.type(), translated.code(), translated.param(),
                        translated.message(), null);
            }
            decide(candidate, Failure.http(status, translated, ForwardedHeaders.select(headers)), elapsed, false);
        }
    }

    /** Marks an upstream error status for the breaker's failure count. */
    private static final class UpstreamStatusException extends RuntimeException {
        UpstreamStatusException(int status) {
            super("upstream status " + status, null, false, false);
        }
    }

    /** Marks a stream that failed after its head for the breaker's failure count. */
    private static final class UpstreamStreamException extends RuntimeException {
        UpstreamStreamException(String label) {
            super(label, null, false, false);
        }
    }
}
