package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.families.RequestNeeds;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.VirtualKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;

/**
 * Everything the pipeline learns about one request, from acceptance to the last byte; the
 * receipt is built from it. Stages run one after another, and a stream's relay takes over after
 * the route completes, so the fields are written by one thread at a time.
 */
public final class RequestState {

    public static final String PROPERTY = "caravan.state";

    private final String traceId;
    private final String endpoint;
    private final long receivedNanos;
    private final Instant receivedAt;
    private final boolean keepAlive;
    private final List<Receipt.Attempt> attempts = new ArrayList<>(2);
    // Policy stages may decide on different threads (a budget settles on the stream's end).
    private final List<Receipt.Decision> decisions = java.util.Collections.synchronizedList(new ArrayList<>(2));
    private final AtomicBoolean finished = new AtomicBoolean();

    private VirtualKey key;
    private RequestContext context;
    private ObjectNode body;
    private String requestedModel;
    private boolean stream;
    private ApiFamily family = ApiFamily.CHAT_COMPLETIONS;
    private RequestNeeds needs;
    private ModelAlias alias;
    private ModelAlias route;
    private ScopedControls.Resolved controls;
    private volatile String servedBy;
    private Usage usage = Usage.NONE;
    private long generatedImages; // images in the served answer, for per-image price rows
    private int status;
    private String errorType;
    private String errorMessage;
    private String errorCode;
    private boolean errorFromUpstream;
    private long upstreamNanos;
    private Long upstreamTtfbNanos;
    private Long upstreamTotalNanos;
    private volatile boolean receiptDeferred;
    private Map<String, String> forwardedHeaders = Map.of();
    private List<String> clientBetas = List.of();
    private String adminActor;
    private final dev.caravan.platform.logging.RequestCapture capture = new dev.caravan.platform.logging.RequestCapture();
    private final dev.caravan.platform.policy.AdmittedPolicies admittedPolicies = new dev.caravan.platform.policy.AdmittedPolicies();
    private Map<String, String> rateLimitHeaders = Map.of();
    // Values stages keep for later ones; written before the stream's relay takes over, read at its end.
    private final Map<Attachment<?>, Object> attachments = new java.util.concurrent.ConcurrentHashMap<>(4);
    private dev.caravan.platform.families.ChatBridge clientBridge;
    private ObjectNode clientRequest;

    public RequestState(String traceId, String endpoint, boolean keepAlive) {
        this.traceId = traceId;
        this.endpoint = endpoint;
        this.keepAlive = keepAlive;
        this.receivedNanos = System.nanoTime();
        this.receivedAt = Instant.now();
    }

    public static RequestState of(Exchange exchange) {
        RequestState state = exchange.getProperty(PROPERTY, RequestState.class);
        if (state == null) {
            throw new IllegalStateException("route does not start with the 'ingress' stage");
        }
        return state;
    }

    /**
     * Marks the request finished; true only for the first caller, so the finish route's steps run
     * exactly once per request, streams included (after the last byte or the client's
     * disconnect), with the request's final usage.
     */
    public boolean finish(int finalStatus) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        this.status = finalStatus;
        return true;
    }

    /** A value a stage keeps for a later one (e.g. rate-limit charges its finish step settles). */
    public <T> void attach(Attachment<T> name, T value) {
        attachments.put(name, value);
    }

    /** The value attached under {@code name}, or null. */
    public <T> T attached(Attachment<T> name) {
        return name.type().cast(attachments.get(name));
    }

    /** The name and type of a value stages attach to a request; compared by identity. */
    public record Attachment<T>(String name, Class<T> type) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    public boolean isFinished() {
        return finished.get();
    }

    public void fail(int failStatus, String type, String message) {
        this.status = failStatus;
        this.errorType = type;
        this.errorMessage = message;
    }

    /** The error's code, and whether its message is the upstream's text (prompt-derived, not stored bare). */
    public void errorOrigin(String code, boolean fromUpstream) {
        this.errorCode = code;
        this.errorFromUpstream = fromUpstream;
    }

    public String errorCode() { return errorCode; }
    public boolean errorFromUpstream() { return errorFromUpstream; }

    public void addAttempt(Receipt.Attempt attempt, long attemptNanos) {
        attempts.add(attempt);
        upstreamNanos += attemptNanos;
    }

    /** Replaces the last attempt (a stream's, once it has ended) and adds the extra upstream time. */
    public void completeLastAttempt(Receipt.Attempt attempt, long extraNanos) {
        attempts.set(attempts.size() - 1, attempt);
        upstreamNanos += extraNanos;
    }

    /** Records what a policy stage decided; it goes into the receipt in order. */
    public void addDecision(Receipt.Decision decision) {
        decisions.add(decision);
    }

    public List<Receipt.Decision> decisions() {
        synchronized (decisions) {
            return List.copyOf(decisions);
        }
    }

    /** Upstream calls actually made (targets skipped for an open circuit do not count). */
    public int upstreamTries() {
        return (int) attempts.stream().filter(a -> a.attempt() > 0).count();
    }

    public void servedBy(String by) {
        this.servedBy = by;
    }

    public void upstreamTimings(Long ttfbNanos, long totalNanos) {
        this.upstreamTtfbNanos = ttfbNanos;
        this.upstreamTotalNanos = totalNanos;
    }

    /** A stream took over: its relay writes the receipt when the last byte is sent. */
    public void deferReceipt() {
        this.receiptDeferred = true;
    }

    public boolean receiptDeferred() {
        return receiptDeferred;
    }

    public Receipt toReceipt() {
        long totalNanos = System.nanoTime() - receivedNanos;
        return new Receipt(traceId, key == null ? null : key.tenantId(), key == null ? null : key.id(), endpoint,
                requestedModel, alias == null ? null : alias.alias(), route() == null ? null : (route == null ? "" : "route:" + route.alias() + "/") + route().strategy(),
                stream, status, errorType, errorMessage, servedBy, attempts,
                usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(), usage.reasoningTokens(),
                millis(totalNanos - upstreamNanos), upstreamTtfbNanos == null ? null : millis(upstreamTtfbNanos),
                upstreamTotalNanos == null ? null : millis(upstreamTotalNanos), millis(totalNanos),
                receivedAt, Instant.now()).withDecisions(decisions());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    public String traceId() { return traceId; }
    public String endpoint() { return endpoint; }
    public boolean keepAlive() { return keepAlive; }
    public Instant receivedAt() { return receivedAt; }
    public VirtualKey key() { return key; }
    public void key(VirtualKey k) { this.key = k; }
    public RequestContext context() { return context; }
    public void context(RequestContext c) { this.context = c; }
    public ObjectNode body() { return body; }
    /** A new body (a policy may replace it) also means its needs are found again. */
    public void body(ObjectNode b) { this.body = b; this.needs = null; }
    public String requestedModel() { return requestedModel; }
    public void requestedModel(String m) { this.requestedModel = m; }
    public boolean stream() { return stream; }
    public void stream(boolean s) { this.stream = s; }
    /** The API family the client called, set by the route's parse stage. */
    public ApiFamily family() { return family; }
    public void family(ApiFamily f) { this.family = f; }
    /** What the request asks of a target (stream, tools, images); found by the parse stage. */
    public RequestNeeds needs() { return needs != null ? needs : RequestNeeds.of(family, body, stream); }
    public void needs(RequestNeeds n) { this.needs = n; }
    public ModelAlias alias() { return alias; }
    public void alias(ModelAlias a) {
        if (controls != null && alias != null && a != null && !a.alias().equals(alias.alias())) {
            controls = controls.realiased(a.alias());
        }
        this.alias = a;
    }

    /** The scoped controls that apply to this request, resolved once by {@code resolveAlias}; null before. */
    public ScopedControls.Resolved controls() { return controls; }
    public void controls(ScopedControls.Resolved resolved) { this.controls = resolved; }

    /**
     * The request's logging rules: as resolved with its scope, or — for a request refused before
     * its alias was resolved — those of its tenant and key; null before authentication.
     */
    public dev.caravan.platform.logging.LoggingPolicy.TenantRules loggingRules(dev.caravan.platform.logging.RequestLogger logs) {
        if (controls != null) {
            return controls.logging();
        }
        return key == null ? null : logs.rulesFor(new dev.caravan.platform.config.Scope.RequestScope(key.tenantId(), key.name(), null,
                context == null ? java.util.Map.of() : context.metadata()));
    }
    /** How this request is routed: a saved route named by {@code x-caravan-route}, else its alias. */
    public ModelAlias route() { return route != null ? route : alias; }
    public void route(ModelAlias savedRoute) { this.route = savedRoute; }
    public String servedBy() { return servedBy; }
    public Usage usage() { return usage; }
    public void usage(Usage u) { this.usage = u; }
    public long generatedImages() { return generatedImages; }
    public void generatedImages(long images) { this.generatedImages = images; }
    public int status() { return status; }
    public String errorType() { return errorType; }
    public Map<String, String> forwardedHeaders() { return forwardedHeaders; }
    /** The client's {@code anthropic-beta} names (checked), sent on native Messages calls. */
    public List<String> clientBetas() { return clientBetas; }
    public void clientBetas(List<String> betas) { this.clientBetas = List.copyOf(betas); }
    public void forwardedHeaders(Map<String, String> headers) { this.forwardedHeaders = Map.copyOf(headers); }
    public List<Receipt.Attempt> attempts() { return attempts; }
    /** Who passed {@code adminAuthenticate} (e.g. for an audit entry), or null on non-admin routes. */
    public String adminActor() { return adminActor; }
    public void adminActor(String actor) { this.adminActor = actor; }
    /** What the request log needs besides the receipt (do-not-track header, presented credentials, response body). */
    public dev.caravan.platform.logging.RequestCapture capture() { return capture; }
    /** The policies that admitted this request; each is told the outcome once, before the receipt is written. */
    public dev.caravan.platform.policy.AdmittedPolicies admittedPolicies() { return admittedPolicies; }
    /** The gateway's own {@code x-ratelimit-*} (and {@code retry-after}) headers; they win over the upstream's. */
    public Map<String, String> rateLimitHeaders() { return rateLimitHeaders; }
    public void rateLimitHeaders(Map<String, String> headers) { this.rateLimitHeaders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers)); }
    /**
     * Set by a parse stage whose endpoint is served as chat completions end to end (legacy
     * {@code /v1/completions}): the body is then the chat request, and the answer is turned back
     * into the client's shape by {@code bridge} with the client's own {@code request}.
     */
    public void clientBridge(dev.caravan.platform.families.ChatBridge bridge, ObjectNode request) { this.clientBridge = bridge; this.clientRequest = request; }
    public dev.caravan.platform.families.ChatBridge clientBridge() { return clientBridge; }
    public ObjectNode clientRequest() { return clientRequest; }
}
