package dev.caravan.platform.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.storage.KeyPrivacyRepository;
import dev.caravan.platform.storage.RequestLogRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The request log as the pipeline sees it: {@link #submit} hands a finished request over (never
 * blocks), {@link #streamTap} says whether a stream's answer is worth accumulating. Everything
 * else — policy, do-not-track, scrubbing, redaction, storage — happens on the writer's thread.
 */
public final class RequestLogger implements AutoCloseable {

    /** Extra characters a stream tap keeps past the limit, so a secret cut at the limit is still masked whole. */
    private static final int SCRUB_SLACK = 4096;

    private final RequestLogWriter writer;
    private final LoggingPolicy policy;
    private final DoNotTrackKeys doNotTrackKeys;
    private final int maxChars;
    private final StoredText storedText;

    private RequestLogger(RequestLogWriter writer, LoggingPolicy policy, DoNotTrackKeys doNotTrackKeys, int maxChars,
            StoredText storedText) {
        this.storedText = storedText;
        this.writer = writer;
        this.policy = policy;
        this.doNotTrackKeys = doNotTrackKeys;
        this.maxChars = maxChars;
    }

    /** Starts the writer thread. {@code redactors}: the loaded {@code LogRedactor}s by id. */
    public static RequestLogger start(CaravanConfig config, Jdbi jdbi, Map<String, LogRedactor> redactors, MeterRegistry meters) {
        LoggingPolicy policy = new LoggingPolicy(config);
        DoNotTrackKeys dnt = new DoNotTrackKeys(new KeyPrivacyRepository(jdbi));
        int maxChars = config.logging().maxBodyChars();
        LogEntryBuilder builder = new LogEntryBuilder(policy, dnt, SecretScrubber.of(config), redactors, maxChars);
        RequestLogWriter writer = new RequestLogWriter(new RequestLogRepository(jdbi), builder, dnt,
                config.logging().queueCapacity(), config.logging().batchSize(), config.logging().flushInterval(), meters);
        writer.start();
        return new RequestLogger(writer, policy, dnt, maxChars, StoredText.of(config, dnt, redactors));
    }

    /** A logger that stores nothing (pipelines assembled without storage, e.g. in unit tests). */
    public static RequestLogger disabled() {
        return new RequestLogger(null, null, null, 0, null);
    }

    /** Hands a finished, authenticated request to the writer. Never blocks, never throws. */
    public void submit(String traceId, String tenantId, String keyId, Instant receivedAt, RequestContext context,
            ObjectNode requestBody, RequestCapture capture, LoggingPolicy.TenantRules rules) {
        if (writer == null || traceId == null) {
            return;
        }
        RequestContext ctx = context != null ? context
                : new RequestContext(traceId, tenantId, keyId, null, null, Map.of(), receivedAt);
        writer.submit(new PendingLog(traceId, tenantId, keyId, receivedAt, ctx, requestBody, capture, rules));
    }

    /**
     * A consumer for a stream's events that accumulates the answer, or null when this request's
     * bodies will not be stored anyway (metadata_only or do-not-track): then the relay does no extra work.
     */
    public Consumer<String> streamTap(LoggingPolicy.TenantRules rules, String keyId, RequestCapture capture) {
        if (writer == null) {
            return null;
        }
        if (rules.mode() == LoggingMode.METADATA_ONLY || rules.doNotTrack() || capture.doNotTrack()
                || (keyId != null && doNotTrackKeys.contains(keyId))) {
            return null;
        }
        return capture.streamTap(maxChars + SCRUB_SLACK);
    }

    /** The receipt with its texts cleaned under the request's logging rules ({@link StoredText}). */
    public dev.caravan.platform.storage.Receipt forStorage(dev.caravan.platform.storage.Receipt receipt, StoredText.Facts facts,
            LoggingPolicy.TenantRules rules) {
        return storedText == null ? receipt : storedText.forStorage(receipt, facts, rules);
    }

    /**
     * The logging rules of one request ({@link LoggingPolicy#rulesFor(dev.caravan.platform.config.Scope.RequestScope)});
     * a disabled logger stores nothing, so its rules say so.
     */
    public LoggingPolicy.TenantRules rulesFor(dev.caravan.platform.config.Scope.RequestScope subject) {
        return policy == null ? NOTHING : policy.rulesFor(subject);
    }

    private static final LoggingPolicy.TenantRules NOTHING = new LoggingPolicy.TenantRules(LoggingMode.METADATA_ONLY, java.util.List.of(), 0, false);

    /** Configured secrets and key-shaped strings masked, for texts the client is sent. */
    public String secretsMasked(String text) {
        return storedText == null ? text : storedText.secretsMasked(text);
    }

    /**
     * Whether this request's content may be kept at all (stored Responses objects): not when the
     * tenant's mode is metadata_only, nor under any do-not-track rule (tenant, key or header).
     */
    public boolean storesContent(LoggingPolicy.TenantRules rules, String keyId, RequestCapture capture) {
        if (writer == null) {
            return false;
        }
        return rules.mode() != LoggingMode.METADATA_ONLY && !rules.doNotTrack() && !capture.doNotTrack()
                && (keyId == null || !doNotTrackKeys.contains(keyId));
    }

    /** Waits until every request submitted so far is stored; for tests and shutdown. */
    public boolean flush(Duration timeout) {
        return writer == null || writer.flush(timeout);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
