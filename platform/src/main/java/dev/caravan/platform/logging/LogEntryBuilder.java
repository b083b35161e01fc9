package dev.caravan.platform.logging;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.api.redaction.Redaction;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.storage.RequestLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished request into the row the request log stores, on the writer's thread: decides
 * whether bodies may be kept (mode, do-not-track by header, key or tenant), scrubs secrets, runs
 * the tenant's redactors in order, and cuts bodies to {@code logging.max_body_chars}. Fails
 * closed: a redactor that is missing or throws leaves the row without bodies.
 */
final class LogEntryBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(LogEntryBuilder.class);

    private final LoggingPolicy policy;
    private final DoNotTrackKeys doNotTrackKeys;
    private final SecretScrubber scrubber;
    private final Map<String, LogRedactor> redactors;
    private final int maxChars;

    LogEntryBuilder(LoggingPolicy policy, DoNotTrackKeys doNotTrackKeys, SecretScrubber scrubber,
            Map<String, LogRedactor> redactors, int maxChars) {
        this.policy = policy;
        this.doNotTrackKeys = doNotTrackKeys;
        this.scrubber = scrubber;
        this.redactors = Map.copyOf(redactors);
        this.maxChars = maxChars;
    }

    /** The do-not-track rule that applies ({@code header}, {@code key}, {@code tenant}), or null. */
    String doNotTrack(String keyId, RequestCapture capture, LoggingPolicy.TenantRules rules) {
        if (capture.doNotTrack()) {
            return "header";
        }
        if (keyId != null && doNotTrackKeys.contains(keyId)) {
            return "key";
        }
        return rules.doNotTrack() ? "tenant" : null;
    }

    RequestLog build(PendingLog p) {
        LoggingPolicy.TenantRules rules = p.rules() != null ? p.rules() : policy.rulesFor(p.tenantId());
        String dnt = doNotTrack(p.keyId(), p.capture(), rules);
        if (rules.mode() == LoggingMode.METADATA_ONLY || dnt != null) {
            return row(p, rules.mode(), dnt, null, null, false, Map.of());
        }
        Map<String, Integer> counts = new TreeMap<>();
        List<String> presented = p.capture().presentedSecrets();
        String request = clean(p.requestBody() == null ? null : p.requestBody().toString(), presented, counts, rules, p.context());
        String response = clean(responseText(p.capture()), presented, counts, rules, p.context());
        if (counts.containsKey(FAILED)) {
            return row(p, rules.mode(), null, null, null, false, counts);
        }
        boolean truncated = p.capture().streamTruncated()
                || (request != null && request.length() > maxChars) || (response != null && response.length() > maxChars);
        return row(p, rules.mode(), null, cut(request), cut(response), truncated, counts);
    }

    static final String FAILED = "redactor_failed";

    private String clean(String text, List<String> presented, Map<String, Integer> counts,
            LoggingPolicy.TenantRules rules, RequestContext context) {
        if (text == null || counts.containsKey(FAILED)) {
            return null;
        }
        SecretScrubber.Scrubbed scrubbed = scrubber.scrub(text, presented);
        if (scrubbed.count() > 0) {
            counts.merge("secret", scrubbed.count(), Integer::sum);
        }
        String out = scrubbed.text();
        if (rules.mode() != LoggingMode.REDACTED) {
            return out;
        }
        for (String id : rules.redactors()) {
            LogRedactor redactor = redactors.get(id);
            try {
                if (redactor == null) {
                    throw new IllegalStateException("log redactor '" + id + "' is not loaded");
                }
                Redaction r = redactor.redact(out, context);
                out = r.text();
                r.counts().forEach((kind, n) -> counts.merge(kind, n, Integer::sum));
            } catch (RuntimeException e) {
                LOG.warn("trace {}: log redactor '{}' failed ({}); bodies not stored", context == null ? "?" : context.traceId(), id, e.toString());
                counts.put(FAILED, 1);
                return null;
            }
        }
        return out;
    }

    private static String responseText(RequestCapture capture) {
        String streamed = capture.streamText();
        if (streamed != null) {
            return streamed;
        }
        byte[] body = capture.responseBody();
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    private String cut(String text) {
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars);
    }

    private static RequestLog row(PendingLog p, LoggingMode mode, String dnt, String request, String response,
            boolean truncated, Map<String, Integer> counts) {
        return new RequestLog(p.traceId(), p.tenantId(), p.keyId(), p.receivedAt(), mode.configName(), dnt,
                request, response, truncated, counts);
    }
}
