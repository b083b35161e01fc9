package dev.caravan.platform.upstream;

import dev.caravan.api.provider.UpstreamRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The one pooled, asynchronous HTTP client every provider call goes through. Adapters describe
 * requests; this class sends them, so timeouts and connection reuse are the same for every
 * provider. No caller thread ever waits on it.
 *
 * <p>It runs {@code lanes} JDK clients, each with its own connection pool and selector thread,
 * and spreads calls over them. A lane's selector thread reads its responses and also runs what
 * follows them (the body subscriber, then the rest of the route up to the write to the client),
 * the way a Netty event loop handles its channels (the sending thread does it instead when it
 * finds the answer already there). The JDK would otherwise hand every read to an
 * executor thread, and on a busy core each such hand-off is a chance to wait behind other work
 * (measured at 1,000 calls/s on one core: 3.6 switches to that executor per call). So nothing
 * that runs after an upstream answer may block, and a new exchange is never started from a lane
 * thread (connecting may resolve a host name): {@link #executor()} is there for that.
 */
public final class UpstreamClient implements AutoCloseable {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final ExecutorService executor;
    private final ScheduledExecutorService timers;
    private final HttpClient[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();

    /**
     * @param lanes   JDK clients (selector threads) calls are spread over; one per core is plenty
     * @param threads the {@link #executor()} pool
     */
    public UpstreamClient(int lanes, int threads, Duration connectTimeout) {
        this(lanes, threads, connectTimeout, null);
    }

    /** @param tls what HTTPS connections trust; null for the JDK's default (its trust store) */
    UpstreamClient(int lanes, int threads, Duration connectTimeout, SSLContext tls) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1");
        }
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("caravan-upstream-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("caravan-timeouts-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        this.lanes = new HttpClient[lanes];
        for (int i = 0; i < lanes; i++) {
            HttpClient.Builder builder = HttpClient.newBuilder();
            if (tls != null) {
                builder.sslContext(tls);
            }
            this.lanes[i] = builder
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    // The JDK runs a task in place when it is not on the selector thread, and
                    // hands it to this executor when it is: in place there too (see class doc).
                    .executor(Runnable::run)
                    .build();
        }
    }

    private HttpClient lane() {
        return lanes.length == 1 ? lanes[0] : lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
    }

    /**
     * Sends {@code request}; the returned future fails with a timeout when the whole exchange (as
     * far as {@code handler}'s body goes) takes longer than {@code timeout}, and the upstream
     * call is then cancelled.
     *
     * <p>The future completes on the thread that finished the body (the lane's selector thread, or
     * the sending thread when the answer was already there), not
     * through the future {@code sendAsync} returns: the JDK completes that one through
     * {@code CompletableFuture}'s default executor, one more thread hand-off per call (and, when the
     * JVM sees one CPU, a new thread per call). Failures before a body exists (connect errors,
     * a reset before the head) still arrive through it. Call it from a worker thread, not from
     * what completes another call: see {@link #executor()}.
     */
    public <T> CompletableFuture<HttpResponse<T>> send(UpstreamRequest request, Duration timeout,
            HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout);
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                builder.header(name, value);
            }
        });
        builder.method(request.method(), request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpRequest httpRequest = builder.build();
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        HttpResponse.BodyHandler<T> completing = info -> {
            HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
            subscriber.getBody().whenComplete((body, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(new UpstreamResponse<>(httpRequest, info, body));
                }
            });
            return subscriber;
        };
        CompletableFuture<HttpResponse<T>> call = lane().sendAsync(httpRequest, completing);
        call.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            }
        });
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            if (result.completeExceptionally(new HttpTimeoutException("request timed out"))) {
                call.cancel(true);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
        // A caller that gives up (cancels) stops the upstream call too.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /** Timers for deadlines that outlive the exchange itself (idle streams). */
    public ScheduledExecutorService timers() {
        return timers;
    }

    /**
     * Executor for work that must leave a lane's selector thread or a Netty I/O thread: starting
     * the next try after a failed one, asking for more stream bytes once the client drained.
     */
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
