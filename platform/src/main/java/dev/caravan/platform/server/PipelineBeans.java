package dev.caravan.platform.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.auth.AuthThrottle;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.guard.GuardRunner;
import dev.caravan.platform.guard.GuardrailCatalog;
import dev.caravan.platform.metrics.GatewayMetrics;
import dev.caravan.platform.admin.AdminAuthenticateStage;
import dev.caravan.platform.pipeline.AdmitStage;
import dev.caravan.platform.pipeline.AuthenticateStage;
import dev.caravan.platform.pipeline.ChatRequestStage;
import dev.caravan.platform.pipeline.ChatToTextStage;
import dev.caravan.platform.pipeline.EmbeddingsRequestStage;
import dev.caravan.platform.pipeline.ErrorResponseStage;
import dev.caravan.platform.pipeline.GuardInputStage;
import dev.caravan.platform.pipeline.GuardOutputStage;
import dev.caravan.platform.pipeline.HealthEndpoint;
import dev.caravan.platform.pipeline.ImagesRequestStage;
import dev.caravan.platform.pipeline.IngressStage;
import dev.caravan.platform.pipeline.KeyAuthenticator;
import dev.caravan.platform.pipeline.MessagesRequestStage;
import dev.caravan.platform.pipeline.MetricsEndpoint;
import dev.caravan.platform.pipeline.ModelsEndpoint;
import dev.caravan.platform.admin.ReceiptListEndpoint;
import dev.caravan.platform.pipeline.ReceiptRecorder;
import dev.caravan.platform.pipeline.ReceiptStage;
import dev.caravan.platform.pipeline.ReceiptsEndpoint;
import dev.caravan.platform.pipeline.ResolveAliasStage;
import dev.caravan.platform.pipeline.ResponsesRequestStage;
import dev.caravan.platform.pipeline.TextToChatStage;
import dev.caravan.platform.pipeline.UpstreamStage;
import dev.caravan.platform.admin.UsageEndpoint;
import dev.caravan.platform.policy.PolicyChain;
import dev.caravan.platform.policy.TokenEstimator;
import dev.caravan.platform.pipeline.RateLimitStage;
import dev.caravan.platform.ratelimit.RateLimiter;
import dev.caravan.platform.routing.RoutePlanner;
import dev.caravan.platform.routing.TargetBreakers;
import dev.caravan.platform.storage.ReceiptRepository;
import dev.caravan.platform.storage.UsageRepository;
import dev.caravan.platform.upstream.ProviderRegistry;
import dev.caravan.platform.upstream.UpstreamClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.Processor;

/**
 * The stage beans route files refer to by name. This map is the public vocabulary of custom
 * pipelines: renaming an entry is a compatibility change (see docs/pipelines.md).
 */
public final class PipelineBeans {

    private final Map<String, Processor> byName = new LinkedHashMap<>();
    private final dev.caravan.platform.pipeline.FinishRoute finishRoute;
    private final RateLimiter rateLimiter;
    private final Executor storageExecutor;

    public PipelineBeans(CaravanConfig config, ObjectMapper json, KeyAuthenticator authenticator,
            ProviderRegistry providers, UpstreamClient upstream, ReceiptRecorder recorder,
            ReceiptRepository receipts, UsageRepository usage, Executor storageExecutor, ReadinessProbe readiness,
            PolicyChain policies, Executor policyExecutor, GatewayMetrics metrics, GuardrailCatalog guardrails, GuardRunner guardRunner,
            java.util.function.Consumer<dev.caravan.platform.auth.AuthBurst> authBursts) {
        byName.put("ingress", new IngressStage(config.server().maxBodyBytes(),
                new dev.caravan.platform.exchange.RequestHeaders(config.routes().unmappedHeaders())));
        byName.put("authenticate", new AuthenticateStage(authenticator, throttle(AuthThrottle.Kind.VIRTUAL_KEY, config, metrics, authBursts)));
        byName.put("parseChat", new ChatRequestStage(json));
        byName.put("parseMessages", new MessagesRequestStage(json));
        byName.put("parseCountTokens", MessagesRequestStage.forCountTokens(json));
        byName.put("countTokens", new dev.caravan.platform.pipeline.CountTokensEndpoint(new TokenEstimator(), json));
        byName.put("parseCompletions", new dev.caravan.platform.pipeline.CompletionsRequestStage(json));
        byName.put("parseResponses", new ResponsesRequestStage(json));
        byName.put("parseEmbeddings", new EmbeddingsRequestStage(json));
        byName.put("parseImages", new ImagesRequestStage(json));
        this.rateLimiter = new RateLimiter(config.rateLimits(), System::nanoTime);
        this.storageExecutor = storageExecutor;
        byName.put("resolveAlias", new ResolveAliasStage(config, json,
                new dev.caravan.platform.pipeline.ScopedControls(rateLimiter, guardrails, recorder.logs())));
        byName.put("rateLimit", new RateLimitStage(rateLimiter, new TokenEstimator()));
        byName.put("admit", new AdmitStage(policies, config.admit(), config::alias, new TokenEstimator(), policyExecutor, recorder));
        byName.put("guardInput", new GuardInputStage(guardrails, guardRunner));
        byName.put("callUpstream", new UpstreamStage(providers, upstream, recorder, new RoutePlanner(config),
                new TargetBreakers(config.breaker()).bindTo(metrics.registry())));
        byName.put("guardOutput", new GuardOutputStage(guardrails, guardRunner, json, config.guardrails().streamCheckChars()));
        byName.put("receipt", new ReceiptStage(recorder));
        // The finish route's steps (routes/finish.yaml).
        byName.putAll(recorder.finishSteps());
        byName.put("settleRateLimits", new dev.caravan.platform.pipeline.SettleRateLimitsStep(rateLimiter));
        this.finishRoute = recorder.finishRoute();
        ErrorResponseStage openAiErrors = ErrorResponseStage.openAi(recorder::secretsMasked);
        ErrorResponseStage anthropicErrors = ErrorResponseStage.anthropic(recorder::secretsMasked);
        byName.put("errorResponse", openAiErrors);
        byName.put("anthropicErrorResponse", anthropicErrors);
        byName.put("clientErrorResponse", new dev.caravan.platform.pipeline.ClientShapedErrorResponse(openAiErrors, anthropicErrors));
        byName.put("listModels", new ModelsEndpoint(config, json));
        byName.put("getReceipt", new ReceiptsEndpoint(recorder, receipts, storageExecutor));
        byName.put("health", HealthEndpoint.liveness(readiness::problems));
        byName.put("ready", HealthEndpoint.readiness(readiness::storageUp, readiness::pluginsUp, readiness::readinessProblems));
        byName.put("metrics", new MetricsEndpoint(config.metrics(), metrics::scrape));
        byName.put("textToChat", new TextToChatStage(json));
        byName.put("chatToText", new ChatToTextStage(json));
        byName.put("adminAuthenticate", new AdminAuthenticateStage(config.admin().token(),
                throttle(AuthThrottle.Kind.ADMIN_TOKEN, config, metrics, authBursts)));
        byName.put("listReceipts", new ReceiptListEndpoint(receipts, storageExecutor));
        byName.put("usageReport", UsageEndpoint.forCallingKey(usage, storageExecutor));
        byName.put("adminUsageReport", UsageEndpoint.forAdmin(usage, storageExecutor));
    }

    private static AuthThrottle throttle(AuthThrottle.Kind kind, CaravanConfig config, GatewayMetrics metrics,
            java.util.function.Consumer<dev.caravan.platform.auth.AuthBurst> bursts) {
        return new AuthThrottle(kind, config.authThrottle(), metrics.registry(), System::nanoTime, bursts);
    }

    /**
     * Lets {@code shared: true} rate limits count in {@code jdbi}'s database, on the storage
     * executor; a gateway whose config has one calls it before serving.
     */
    public PipelineBeans shareRateLimitsThrough(org.jdbi.v3.core.Jdbi jdbi) {
        rateLimiter.shareThrough(jdbi, storageExecutor, System::currentTimeMillis);
        return this;
    }

    /** Adds a stage bean built outside (e.g. one that needs a part only the gateway holds). */
    public PipelineBeans with(String name, Processor bean) {
        byName.put(name, bean);
        return this;
    }

    /** The way into the finish route for what finishes outside a route; bound when the routes are loaded. */
    public dev.caravan.platform.pipeline.FinishRoute finishRoute() {
        return finishRoute;
    }

    public Map<String, Processor> byName() {
        return Map.copyOf(byName);
    }
}
