package dev.caravan.platform.exchange;


import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.families.RequestNeeds;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.VirtualKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * One request as the pipeline carries it: the {@link Caller} part (who called, what they asked for),
 * written by the stages up to {@code resolveAlias} and fixed there; the routing part (alias, body,
 * route) that policies may still change before the upstream call; and the {@link Outcome}, which
 * accumulates what came of it. The receipt is built from the caller part and the outcome.
 */
public final class RequestState {

    public static final String PROPERTY = "caravan.state";

    private final String traceId;
    private final String endpoint;
    private final long receivedNanos;
    private final Instant receivedAt;
    private final boolean keepAlive;
    private final Outcome outcome = new Outcome();

    private VirtualKey key;
    private String requestedModel;
    private ApiFamily family = ApiFamily.CHAT_COMPLETIONS;
    private List<String> clientBetas = List.of();
    private Caller caller; // set once by fixCaller(); the fields above are then read-only

    private RequestContext context; // tenant and key as above, plus the metadata policies may add
    private boolean stream; // a policy may rewrite the body, stream flag included
    private Map<String, String> forwardedHeaders = Map.of();
    private ObjectNode body;
    private RequestNeeds needs;
    private ModelAlias alias;
    private ModelAlias route;
    private ResolvedScope controls;
    private String adminActor;
    private final dev.caravan.platform.logging.RequestCapture capture = new dev.caravan.platform.logging.RequestCapture();
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

    /** What came of the request so far: attempts, decisions, usage, status. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Fixes the caller part ({@code resolveAlias} calls this once it has resolved the alias): later
     * stages, policies and scripts read it but cannot change it. Idempotent.
     */
    public Caller fixCaller() {
        if (caller == null) {
            caller = new Caller(traceId, endpoint, receivedAt, keepAlive, key, requestedModel, family, clientBetas);
        }
        return caller;
    }

    /** The caller part, once {@code resolveAlias} has fixed it. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("the caller is fixed by the 'resolveAlias' stage, which has not run for " + endpoint);
        }
        return caller;
    }

    public boolean callerFixed() {
        return caller != null;
    }

    private void unfixed(String field) {
        if (caller != null) {
            throw new IllegalStateException("'" + field + "' is part of the caller, fixed by 'resolveAlias'; a later stage cannot change it");
        }
    }

    /** A value a stage keeps for a later one (e.g. rate-limit charges its finish step settles). */
    public <T> void attach(Attachment<T> name, T value) {
        attachments.put(name, value);
    }

    /** The value attached under {@code name}, attaching a new one first when there is none. */
    public <T> T attachedOrNew(Attachment<T> name, java.util.function.Supplier<T> fresh) {
        return name.type().cast(attachments.computeIfAbsent(name, n -> fresh.get()));
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

    public Receipt toReceipt() {
        long totalNanos = System.nanoTime() - receivedNanos;
        Usage usage = outcome.usage();
        return new Receipt(traceId, key == null ? null : key.tenantId(), key == null ? null : key.id(), endpoint,
                requestedModel, alias == null ? null : alias.alias(), route() == null ? null : (route == null ? "" : "route:" + route.alias() + "/") + route().strategy(),
                stream, outcome.status(), outcome.errorType(), outcome.errorMessage(), outcome.servedBy(), outcome.attempts(),
                usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(), usage.reasoningTokens(),
                millis(totalNanos - outcome.upstreamNanos()), outcome.upstreamTtfbNanos() == null ? null : millis(outcome.upstreamTtfbNanos()),
                outcome.upstreamTotalNanos() == null ? null : millis(outcome.upstreamTotalNanos()), millis(totalNanos),
                receivedAt, Instant.now()).withDecisions(outcome.decisions());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    public String traceId() { return traceId; }
    public String endpoint() { return endpoint; }
    public boolean keepAlive() { return keepAlive; }
    public Instant receivedAt() { return receivedAt; }
    public VirtualKey key() { return key; }
    public void key(VirtualKey k) { unfixed("key"); this.key = k; }
    public RequestContext context() { return context; }
    public void context(RequestContext c) { this.context = c; }
    public String requestedModel() { return requestedModel; }
    public void requestedModel(String m) { unfixed("model"); this.requestedModel = m; }
    public boolean stream() { return stream; }
    public void stream(boolean s) { this.stream = s; }
    /** The API family the client called, set by the route's parse stage. */
    public ApiFamily family() { return family; }
    public void family(ApiFamily f) { unfixed("family"); this.family = f; }
    public Map<String, String> forwardedHeaders() { return forwardedHeaders; }
    public void forwardedHeaders(Map<String, String> headers) { this.forwardedHeaders = Map.copyOf(headers); }
    /** The client's {@code anthropic-beta} names (checked), sent on native Messages calls. */
    public List<String> clientBetas() { return clientBetas; }
    public void clientBetas(List<String> betas) { unfixed("anthropic-beta"); this.clientBetas = List.copyOf(betas); }

    public ObjectNode body() { return body; }
    /** A new body (a policy may replace it) also means its needs are found again. */
    public void body(ObjectNode b) { this.body = b; this.needs = null; }
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
    public <T extends ResolvedScope> T controls(Class<T> type) { return type.cast(controls); }
    public void controls(ResolvedScope resolved) { this.controls = resolved; }

    /** How this request is routed: a saved route named by {@code x-caravan-route}, else its alias. */
    public ModelAlias route() { return route != null ? route : alias; }
    public void route(ModelAlias savedRoute) { this.route = savedRoute; }
    /** Who passed {@code adminAuthenticate} (e.g. for an audit entry), or null on non-admin routes. */
    public String adminActor() { return adminActor; }
    public void adminActor(String actor) { this.adminActor = actor; }
    /** What the request log needs besides the receipt (do-not-track header, presented credentials, response body). */
    public dev.caravan.platform.logging.RequestCapture capture() { return capture; }
    /**
     * Set by a parse stage whose endpoint is served as chat completions end to end (legacy
     * {@code /v1/completions}): the body is then the chat request, and the answer is turned back
     * into the client's shape by {@code bridge} with the client's own {@code request}.
     */
    public void clientBridge(dev.caravan.platform.families.ChatBridge bridge, ObjectNode request) { this.clientBridge = bridge; this.clientRequest = request; }
    public dev.caravan.platform.families.ChatBridge clientBridge() { return clientBridge; }
    public ObjectNode clientRequest() { return clientRequest; }
}
