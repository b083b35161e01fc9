package dev.caravan.platform.metrics;

import dev.caravan.platform.exchange.ReceiptListener;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.Receipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Counts every finished request from its receipt, at the moment {@code ReceiptRecorder} records it,
 * so each request (streams included, at their last byte) counts exactly once. Tags stay low in
 * cardinality: route path, status class, alias, provider, model, never trace ids, keys, requested
 * model names or messages; the tenant only when {@code metrics.tenant_tags} is on.
 *
 * <p>Cost is a double here: fine for a rate on a dashboard, while receipts keep the exact decimal.
 */
public final class RequestMeters implements ReceiptListener {

    private static final Set<String> DECISIONS = Set.of("served", "retry", "fallback", "skipped", "failed", "aborted");
    private static final String NONE = "none";

    private final boolean tenantTags;
    private final EndpointNames endpoints;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Timer> durations;
    private final Meter.MeterProvider<Counter> attempts;
    private final Meter.MeterProvider<Timer> ttfb;
    private final Meter.MeterProvider<Timer> overhead;
    private final Meter.MeterProvider<Counter> tokens;
    private final Meter.MeterProvider<Counter> cost;
    /** Trace ids of streams whose head went out and whose receipt is not recorded yet. */
    private final Set<String> openStreams = ConcurrentHashMap.newKeySet();

    /**
     * @param routePaths the paths of the routes the gateway serves (read again when a request's
     *                   path matches none of them, e.g. after a route reload)
     */
    public RequestMeters(MeterRegistry registry, boolean tenantTags, Supplier<Collection<String>> routePaths) {
        this.tenantTags = tenantTags;
        this.endpoints = new EndpointNames(routePaths);
        this.requests = Counter.builder("caravan.requests")
                .description("Requests finished by the gateway, counted once each when the receipt is recorded")
                .withRegistry(registry);
        this.durations = Timer.builder("caravan.request.duration")
                .description("From request accepted to last byte sent (a stream's whole duration)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .withRegistry(registry);
        this.attempts = Counter.builder("caravan.upstream.attempts")
                .description("Upstream tries and targets passed over, by what the gateway did next")
                .withRegistry(registry);
        this.ttfb = Timer.builder("caravan.upstream.ttfb")
                .description("Upstream time to first byte of the attempt that served the request")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .withRegistry(registry);
        this.overhead = Timer.builder("caravan.gateway.overhead")
                .description("Time spent in the gateway itself: total minus upstream time")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .withRegistry(registry);
        this.tokens = Counter.builder("caravan.tokens")
                .description("Tokens reported by the serving provider, by kind (prompt, completion, cached, reasoning)")
                .withRegistry(registry);
        this.cost = Counter.builder("caravan.cost.usd")
                .description("Cost of priced requests in USD (a float for dashboards; receipts hold the exact amount)")
                .withRegistry(registry);
        Gauge.builder("caravan.streams.active", openStreams, Set::size)
                .description("Streams relaying to clients right now")
                .register(registry);
    }

    @Override
    public void streamOpened(RequestState state) {
        openStreams.add(state.traceId());
    }

    @Override
    public void finished(Receipt receipt, RequestState state) {
        openStreams.remove(receipt.traceId());
        String endpoint = endpoints.of(receipt.endpoint());
        String provider = provider(receipt.servedBy());
        String model = model(receipt.servedBy());
        Tags requestTags = Tags.of("endpoint", endpoint,
                "status_class", receipt.status() / 100 + "xx",
                "outcome", receipt.errorType() == null ? "success" : "error",
                "alias", orNone(receipt.alias()),
                "provider", provider,
                "stream", Boolean.toString(receipt.stream()));
        requestTags = withTenant(requestTags, receipt);
        durations.withTags(requestTags).record(nanos(receipt.totalMs()), TimeUnit.NANOSECONDS);
        overhead.withTags(Tags.of("endpoint", endpoint)).record(nanos(receipt.gatewayOverheadMs()), TimeUnit.NANOSECONDS);
        for (Receipt.Attempt attempt : receipt.attempts()) {
            attempts.withTags("provider", orNone(attempt.provider()), "decision", decisionClass(attempt.decision())).increment();
        }
        if (receipt.servedBy() != null && receipt.upstreamTtfbMs() != null) {
            ttfb.withTags("provider", provider).record(nanos(receipt.upstreamTtfbMs()), TimeUnit.NANOSECONDS);
        }
        if (receipt.servedBy() != null) {
            countUsage(receipt, provider, model);
        }
        // Last: whoever sees the request counted (a scrape, a test) sees everything else it recorded.
        requests.withTags(requestTags).increment();
    }

    private void countUsage(Receipt receipt, String provider, String model) {
        Tags served = withTenant(Tags.of("provider", provider, "model", model), receipt);
        addTokens(served, "prompt", receipt.promptTokens());
        addTokens(served, "completion", receipt.completionTokens());
        addTokens(served, "cached", receipt.cachedTokens());
        addTokens(served, "reasoning", receipt.reasoningTokens());
        if (Receipt.PRICED.equals(receipt.pricing()) && receipt.costUsd() != null && receipt.costUsd().signum() > 0) {
            cost.withTags(served).increment(receipt.costUsd().doubleValue());
        }
    }

    private void addTokens(Tags served, String kind, long count) {
        if (count > 0) {
            tokens.withTags(served.and("kind", kind)).increment(count);
        }
    }

    private Tags withTenant(Tags tags, Receipt receipt) {
        return tenantTags ? tags.and("tenant", orNone(receipt.tenantId())) : tags;
    }

    /** {@code retry: status 503} → {@code retry}; anything unexpected → {@code other}, so tags stay bounded. */
    static String decisionClass(String decision) {
        if (decision == null) {
            return "other";
        }
        int colon = decision.indexOf(':');
        String head = (colon < 0 ? decision : decision.substring(0, colon)).trim();
        return DECISIONS.contains(head) ? head : "other";
    }

    private static String provider(String servedBy) {
        if (servedBy == null) {
            return NONE;
        }
        int slash = servedBy.indexOf('/');
        return slash < 0 ? servedBy : servedBy.substring(0, slash);
    }

    private static String model(String servedBy) {
        int slash = servedBy == null ? -1 : servedBy.indexOf('/');
        return slash < 0 ? NONE : servedBy.substring(slash + 1);
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static long nanos(double millis) {
        return Math.max(0, Math.round(millis * 1_000_000.0));
    }
}
