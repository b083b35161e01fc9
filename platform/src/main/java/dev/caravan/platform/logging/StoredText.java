package dev.caravan.platform.logging;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.LoggingMode;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.TargetConfig;
import dev.caravan.platform.storage.Receipt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate every free text of a receipt passes before it is queued for storage (and so before
 * the receipt APIs, exports and the database see it): the error message, each attempt's error, each
 * decision's detail, and the requested model. It applies the tenant's logging rules as bodies get
 * them:
 * <ul>
 *   <li>every mode: configured and presented secrets, and key-shaped strings ({@code sk-…},
 *       {@code AKIA…}, bearer tokens), become {@value SecretScrubber#MASK};</li>
 *   <li>{@code metadata_only} or do-not-track: an error message that came from the upstream is
 *       replaced by its status, type and code (never the provider's free text); a requested model
 *       that is no configured alias or target model is stored as {@code [model sha256:…]}, also
 *       where a gateway message quotes it; e-mail, card, SSN-shaped text is masked as a last net;</li>
 *   <li>{@code redacted}: the tenant's redactors run on each text (a failing one leaves
 *       {@value #WITHHELD}, and so does a {@link BlockingRedactor}, which cannot run here).</li>
 * </ul>
 * Texts are cut to {@value #MAX_CHARS} characters first, so the work on the request path is bounded.
 */
public final class StoredText {

    static final int MAX_CHARS = 1024;
    static final String WITHHELD = "[withheld]";
    private static final Logger LOG = LoggerFactory.getLogger(StoredText.class);
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}|\\bsk-[A-Za-z0-9_-]{8,}|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
                    + "|\\bgh[pousr]_[A-Za-z0-9]{16,}|\\bxox[abpr]-[A-Za-z0-9-]{8,}");
    private static final Pattern PERSONAL = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}|\\b\\d{3}-\\d{2}-\\d{4}\\b|\\b(?:\\d[ -]?){12,18}\\d\\b");

    /** What the receipt alone does not say about its texts. */
    public record Facts(boolean doNotTrackHeader, boolean errorFromUpstream, String errorCode, List<String> presented,
            RequestContext context) {}

    private final LoggingPolicy policy;
    private final DoNotTrackKeys doNotTrackKeys;
    private final SecretScrubber scrubber;
    private final Map<String, LogRedactor> redactors;
    private final Set<String> knownModels;

    StoredText(LoggingPolicy policy, DoNotTrackKeys doNotTrackKeys, SecretScrubber scrubber,
            Map<String, LogRedactor> redactors, Set<String> knownModels) {
        this.policy = policy;
        this.doNotTrackKeys = doNotTrackKeys;
        this.scrubber = scrubber;
        this.redactors = Map.copyOf(redactors);
        Set<String> known = new HashSet<>(knownModels);
        known.remove(null);
        this.knownModels = Set.copyOf(known);
    }

    public static StoredText of(CaravanConfig config, DoNotTrackKeys dnt, Map<String, LogRedactor> redactors) {
        Set<String> models = new HashSet<>();
        List<ModelAlias> all = new ArrayList<>(config.models());
        all.addAll(config.savedRoutes());
        for (ModelAlias a : all) {
            models.add(a.alias());
            for (TargetConfig t : a.targets()) {
                if (t.model() != null) { // a target may name another alias instead
                    models.add(t.model());
                    models.add(t.provider() + "/" + t.model());
                }
            }
        }
        return new StoredText(new LoggingPolicy(config), dnt, SecretScrubber.of(config), redactors, models);
    }

    /** Secrets only: for texts sent back to the client (upstream error messages and bodies). */
    public String secretsMasked(String text) {
        return text == null ? null : maskKeyShaped(scrubber.scrub(text, List.of()).text());
    }

    /** The receipt as it may be stored under its tenant's rules. */
    public Receipt forStorage(Receipt r, Facts facts) {
        return forStorage(r, facts, null);
    }

    /** @param resolved the request's rules, resolved once with its scope; null: its tenant's */
    public Receipt forStorage(Receipt r, Facts facts, LoggingPolicy.TenantRules resolved) {
        LoggingPolicy.TenantRules rules = resolved != null ? resolved : policy.rulesFor(r.tenantId());
        boolean bare = rules.mode() == LoggingMode.METADATA_ONLY || facts.doNotTrackHeader() || rules.doNotTrack()
                || (r.keyId() != null && doNotTrackKeys != null && doNotTrackKeys.contains(r.keyId()));
        Cleaner c = new Cleaner(rules, bare, facts, r.requestedModel());
        String message = bare && facts.errorFromUpstream() && r.errorMessage() != null
                ? upstreamSummary(r.status(), r.errorType(), facts.errorCode())
                : c.clean(r.errorMessage());
        List<Receipt.Attempt> attempts = r.attempts().stream().map(a -> new Receipt.Attempt(a.provider(), a.model(),
                a.attempt(), a.status(), a.latencyMs(), c.clean(a.error()), c.clean(a.decision()), a.via())).toList();
        List<Receipt.Decision> decisions = r.decisions().stream().map(d -> new Receipt.Decision(d.stage(), d.id(),
                d.outcome(), c.clean(d.detail()))).toList();
        return new Receipt(r.traceId(), r.tenantId(), r.keyId(), r.endpoint(), c.model(), r.alias(), r.strategy(),
                r.stream(), r.status(), r.errorType(), message, r.servedBy(), attempts, r.promptTokens(),
                r.completionTokens(), r.cachedTokens(), r.reasoningTokens(), r.gatewayOverheadMs(), r.upstreamTtfbMs(),
                r.upstreamMs(), r.totalMs(), r.receivedAt(), r.completedAt(), r.cacheWriteTokens(), r.costUsd(),
                r.priceId(), r.pricing(), decisions, r.node());
    }

    static String upstreamSummary(int status, String type, String code) {
        return "upstream error (status " + status + (type == null ? "" : ", type " + bounded(type))
                + (code == null ? "" : ", code " + bounded(code)) + "); message not stored";
    }

    /** A provider's type or code is a short identifier; anything else is not stored either. */
    private static String bounded(String id) {
        return id.length() <= 64 && id.matches("[A-Za-z0-9_.:-]+") ? id : "?";
    }

    static String modelPlaceholder(String model) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8));
            return "[model sha256:" + HexFormat.of().formatHex(d, 0, 6) + "]";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String maskKeyShaped(String text) {
        return KEY_SHAPED.matcher(text).replaceAll(SecretScrubber.MASK);
    }

    /** Applies one receipt's rules to each of its texts. */
    private final class Cleaner {
        private final LoggingPolicy.TenantRules rules;
        private final boolean bare;
        private final Facts facts;
        private final String rawModel;
        private final String model;

        Cleaner(LoggingPolicy.TenantRules rules, boolean bare, Facts facts, String rawModel) {
            this.rules = rules;
            this.bare = bare;
            this.facts = facts;
            this.rawModel = rawModel;
            String m = rawModel;
            if (m != null && !knownModels.contains(m)) {
                m = bare ? modelPlaceholder(m) : cleanText(m);
            }
            this.model = m;
        }

        String model() {
            return model;
        }

        String clean(String text) {
            if (text == null) {
                return null;
            }
            String out = text;
            if (rawModel != null && !rawModel.isEmpty() && !rawModel.equals(model)) {
                out = out.replace(rawModel, model);
            }
            return cleanText(out);
        }

        private String cleanText(String text) {
            String out = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
            out = maskKeyShaped(scrubber.scrub(out, facts.presented()).text());
            if (bare) {
                return PERSONAL.matcher(out).replaceAll("[REDACTED:personal]");
            }
            if (rules.mode() != LoggingMode.REDACTED) {
                return out;
            }
            for (String id : rules.redactors()) {
                LogRedactor redactor = redactors.get(id);
                if (redactor instanceof BlockingRedactor) {
                    // It would wait for its thread on the request path (maybe an event loop).
                    return WITHHELD;
                }
                try {
                    out = redactor.redact(out, facts.context()).text();
                } catch (RuntimeException e) {
                    LOG.warn("trace {}: log redactor '{}' failed on a receipt text ({}); text withheld",
                            facts.context() == null ? "?" : facts.context().traceId(), id, e.toString());
                    return WITHHELD;
                }
            }
            return out;
        }
    }
}
